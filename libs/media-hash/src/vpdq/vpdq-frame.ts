/** One hashed video frame, as Meta's vPDQ reports it: the decoded frame's index from 0, the PDQ quality
 *  (0..100), the frame's PDQ hash (64 lower-case hex digits) and its time, frame / average frame rate. */
export interface VpdqFrame {
  frame: number;
  quality: number;
  hash: string;
  seconds: number;
}

/** Meta's thresholds: a frame counts only at quality >= 50; two frames match at distance <= 31. */
export const VPDQ_QUALITY_THRESHOLD = 50;
export const VPDQ_DISTANCE_THRESHOLD = 31;
