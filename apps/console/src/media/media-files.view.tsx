import { useState } from 'preact/hooks';
import { memo } from '../ui/memo';
import { LOW_QUALITY, videoQuality, type MediaEntry } from './media-share';
import type { MediaHashing } from './use-media-hashing';
import { tr } from '../language';

/**
 * Pictures and videos chosen or dropped, hashed in this browser: a progress bar, then each file with its
 * preview, its hash and its quality (a warning under 50). Only the hashes are ever shared.
 */
export function MediaFiles(props: { media: MediaHashing; limit: number }) {
  const { media } = props;
  const [over, setOver] = useState(false);
  const { settled, total, fraction } = media.progress;
  const hashed = media.entries.filter((e) => e.status === 'hashed').length;
  return (
    <div class="media">
      <div
        class={`media-drop${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          if (e.dataTransfer?.files) media.add(e.dataTransfer.files, props.limit);
        }}
      >
        <label for="share-files">{tr('console.media.label')}</label>
        <input
          id="share-files"
          type="file"
          multiple
          accept="image/*,video/*"
          aria-describedby="share-files-hint"
          onChange={(e) => {
            const input = e.currentTarget;
            if (input.files) media.add(input.files, props.limit);
            input.value = '';
          }}
        />
        <small id="share-files-hint" class="hint">
          {tr('console.media.hint', { max: props.limit })}
        </small>
      </div>
      {total > 0 && (
        <div class="media-progress">
          <progress
            max={1}
            value={fraction}
            aria-label={tr('console.media.hashing')}
            data-settled={settled}
            data-total={total}
            data-hashed={hashed}
          />
          <span role="status">
            {settled < total
              ? tr('console.media.hashingOf', { n: settled + 1, total })
              : tr('console.media.hashedOf', { hashed, total })}
          </span>
          {settled === total && (
            <button type="button" class="secondary" onClick={() => media.clear()}>
              {tr('console.media.clear')}
            </button>
          )}
        </div>
      )}
      {total > 0 && (
        <ul class="media-list" aria-label={tr('console.media.files')}>
          {media.entries.map((entry) => (
            <MediaRow key={entry.key} entry={entry} onRemove={media.remove} />
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * Why a file was not hashed, in the reader's words when the console knows the reason (the hashing worker
 * and the video reader say it in English); any other reason shows as it came.
 */
function hashingError(reason: string): string {
  switch (reason) {
    case 'neither a picture nor a video':
      return tr('console.media.error.kind');
    case 'this browser cannot play the video':
      return tr('console.media.error.play');
    case 'the video has no picture':
      return tr('console.media.error.noPicture');
    case 'this browser gives workers no 2D canvas':
      return tr('console.media.error.canvas');
    case 'hashing stopped':
      return tr('console.media.error.stopped');
    default:
      return reason;
  }
}

/** One file's row, rendered again only when its entry changed (a hundred files hash at once). */
const MediaRow = memo(
  (props: { entry: MediaEntry; onRemove: (key: number) => void }) => <MediaRowView {...props} />,
  (a, b) => a.entry === b.entry,
);

function MediaRowView(props: { entry: MediaEntry; onRemove: (key: number) => void }) {
  const { entry } = props;
  const video = entry.kind === 'video' && entry.frames ? videoQuality(entry.frames) : null;
  const quality = video ? video.mean : entry.quality;
  const low = video ? video.low > 0 : quality !== undefined && quality < LOW_QUALITY;
  return (
    <li
      class={`media-item status-${entry.status}`}
      data-file={entry.name}
      data-status={entry.status}
      data-quality={quality}
      data-frames={entry.frames?.length}
    >
      {entry.thumbnailUrl ? (
        <img class="media-thumb" src={entry.thumbnailUrl} alt="" decoding="async" />
      ) : (
        <span class="media-thumb" aria-hidden="true" />
      )}
      <div class="media-about">
        <span class="media-name">{entry.name}</span>
        {entry.status === 'hashing' && entry.kind === 'video' && (
          <progress
            max={1}
            value={entry.progress}
            aria-label={tr('console.media.hashingFile', { name: entry.name })}
          />
        )}
        {entry.status === 'waiting' && <small>{tr('console.media.waiting')}</small>}
        {entry.status === 'failed' && (
          <small class="field-error" role="alert">
            {tr('console.media.failed', { error: hashingError(entry.error ?? '') })}
          </small>
        )}
        {entry.hash && <code class="media-hash">{entry.hash}</code>}
        {entry.frames && <small>{tr('console.media.frames', { count: entry.frames.length })}</small>}
        {quality !== undefined && entry.status === 'hashed' && (
          <small class="media-quality">
            {video ? tr('console.media.meanQuality', { quality }) : tr('console.media.quality', { quality })}
          </small>
        )}
        {low && (
          <small class="media-warning" role="note">
            {video
              ? tr('console.media.lowFrames', {
                  low: video!.low,
                  count: entry.frames!.length,
                  min: LOW_QUALITY,
                })
              : tr('console.media.lowPicture', { min: LOW_QUALITY })}
          </small>
        )}
        {entry.shared && (
          <small class={`media-shared${entry.shared.status >= 400 ? ' field-error' : ''}`}>
            {entry.shared.status === 201
              ? tr('console.media.shared')
              : entry.shared.status === 200
                ? tr('console.media.known')
                : tr('console.exercises.refused', {
                    reason: entry.shared.message ?? String(entry.shared.status),
                  })}
          </small>
        )}
      </div>
      {(entry.status === 'hashed' || entry.status === 'failed') && (
        <button
          type="button"
          class="secondary"
          aria-label={tr('console.media.remove', { name: entry.name })}
          onClick={() => props.onRemove(entry.key)}
        >
          ×
        </button>
      )}
    </li>
  );
}
