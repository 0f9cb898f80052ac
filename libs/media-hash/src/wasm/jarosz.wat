;; PDQ's luminance and Jarosz box passes in WebAssembly: the same 32-bit float operations, in the same order,
;; as the TypeScript in ../luma.ts and ../jarosz.filter.ts (and so as Meta's C++ reference), three to ten times
;; faster on a 720p frame. The host (jarosz.kernel.ts) lays the rows out in this memory, each block padded by
;; 16 bytes: the four-wide loops may read and write up to one vector past a block's end.
;;
;; Assembled by `npm run wasm` (scripts/write-jarosz-wasm.js, with wabt) into jarosz.wasm.ts;
;; jarosz.kernel.spec.ts fails while the two differ.
(module
  (memory (export "memory") 1)

  ;; Luma of n RGB24 pixels at src into floats at dst, four pixels at a time: ((0.299 R + 0.587 G) + 0.114 B),
  ;; every product and sum rounded to f32 as the reference's C++ floats. Reads up to 4 bytes past the last pixel
  ;; and writes up to 3 floats past the last luma: both are padded.
  (func (export "luma") (param $src i32) (param $dst i32) (param $n i32)
    (local $end i32) (local $v v128)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (local.set $v (v128.load (local.get $src)))
        (v128.store (local.get $dst)
          (f32x4.add
            (f32x4.add
              (f32x4.mul (v128.const f32x4 0.299 0.299 0.299 0.299)
                (f32x4.convert_i32x4_u (i8x16.swizzle (local.get $v) (v128.const i8x16 0 16 16 16 3 16 16 16 6 16 16 16 9 16 16 16))))
              (f32x4.mul (v128.const f32x4 0.587 0.587 0.587 0.587)
                (f32x4.convert_i32x4_u (i8x16.swizzle (local.get $v) (v128.const i8x16 1 16 16 16 4 16 16 16 7 16 16 16 10 16 16 16)))))
            (f32x4.mul (v128.const f32x4 0.114 0.114 0.114 0.114)
              (f32x4.convert_i32x4_u (i8x16.swizzle (local.get $v) (v128.const i8x16 2 16 16 16 5 16 16 16 8 16 16 16 11 16 16 16))))))
        (local.set $src (i32.add (local.get $src) (i32.const 12)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $next))))

  ;; Box filter along one row of `length` floats (the rows left over after the four-at-a-time rows): the
  ;; reference's four phases. The sum grows for `lead` = half - 1 values before the first write, writes while
  ;; growing, slides at full width (adding the entering value, then subtracting the leaving one, each rounded),
  ;; then writes while shrinking. Each write is the sum over the window's width, divided as floats.
  (func $row (param $in i32) (param $out i32) (param $length i32) (param $window i32)
    (local $half i32) (local $i i32) (local $n i32) (local $sum f32) (local $r i32) (local $l i32) (local $o i32)
    (local $stop i32)
    (local.set $half (i32.shr_u (i32.add (local.get $window) (i32.const 2)) (i32.const 1)))
    (local.set $r (local.get $in))
    (local.set $l (local.get $in))
    (local.set $o (local.get $out))
    ;; lead: half - 1 values summed, nothing written
    (local.set $stop (i32.add (local.get $in) (i32.shl (i32.sub (local.get $half) (i32.const 1)) (i32.const 2))))
    (block $d1 (loop $l1
      (br_if $d1 (i32.ge_u (local.get $r) (local.get $stop)))
      (local.set $sum (f32.add (local.get $sum) (f32.load (local.get $r))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (local.set $r (i32.add (local.get $r) (i32.const 4)))
      (br $l1)))
    ;; growing: window - half + 1 values
    (local.set $stop (i32.add (local.get $r) (i32.shl (i32.add (i32.sub (local.get $window) (local.get $half)) (i32.const 1)) (i32.const 2))))
    (block $d2 (loop $l2
      (br_if $d2 (i32.ge_u (local.get $r) (local.get $stop)))
      (local.set $sum (f32.add (local.get $sum) (f32.load (local.get $r))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (f32.store (local.get $o) (f32.div (local.get $sum) (f32.convert_i32_s (local.get $n))))
      (local.set $r (i32.add (local.get $r) (i32.const 4)))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (br $l2)))
    ;; sliding: length - window values
    (local.set $stop (i32.add (local.get $r) (i32.shl (i32.sub (local.get $length) (local.get $window)) (i32.const 2))))
    (block $d3 (loop $l3
      (br_if $d3 (i32.ge_u (local.get $r) (local.get $stop)))
      (local.set $sum (f32.sub (f32.add (local.get $sum) (f32.load (local.get $r))) (f32.load (local.get $l))))
      (f32.store (local.get $o) (f32.div (local.get $sum) (f32.convert_i32_s (local.get $n))))
      (local.set $r (i32.add (local.get $r) (i32.const 4)))
      (local.set $l (i32.add (local.get $l) (i32.const 4)))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (br $l3)))
    ;; shrinking: half - 1 values
    (local.set $i (i32.sub (local.get $half) (i32.const 1)))
    (block $d4 (loop $l4
      (br_if $d4 (i32.le_s (local.get $i) (i32.const 0)))
      (local.set $sum (f32.sub (local.get $sum) (f32.load (local.get $l))))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (f32.store (local.get $o) (f32.div (local.get $sum) (f32.convert_i32_s (local.get $n))))
      (local.set $l (i32.add (local.get $l) (i32.const 4)))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (br $l4))))


;; Four rows at once, as the row above: four independent running sums keep the core busy where one waits on
  ;; each rounding. The division is a product with the width's reciprocal in f64, rounded to f32 once: the same
  ;; float (a float sum over n < 2^27 cannot lie within 2^-52 of a rounding boundary), and cheaper.
  (func $rows4 (param $in i32) (param $out i32) (param $width i32) (param $window i32)
    (local $half i32) (local $n i32) (local $inv f64) (local $r i32) (local $l i32) (local $o i32) (local $stop i32) (local $i i32)
    (local $s0 f32) (local $s1 f32) (local $s2 f32) (local $s3 f32) (local $row i32)
    (local.set $row (i32.shl (local.get $width) (i32.const 2)))
    (local.set $half (i32.shr_u (i32.add (local.get $window) (i32.const 2)) (i32.const 1)))
    (local.set $r (local.get $in))
    (local.set $l (local.get $in))
    (local.set $o (local.get $out))
    (local.set $stop (i32.add (local.get $r) (i32.shl (i32.sub (local.get $half) (i32.const 1)) (i32.const 2))))
    (block $d1 (loop $l1
      (br_if $d1 (i32.ge_u (local.get $r) (local.get $stop)))
      (local.set $s0 (f32.add (local.get $s0) (f32.load (local.get $r))))
      (local.set $s1 (f32.add (local.get $s1) (f32.load (i32.add (local.get $r) (i32.mul (local.get $row) (i32.const 1))))))
      (local.set $s2 (f32.add (local.get $s2) (f32.load (i32.add (local.get $r) (i32.mul (local.get $row) (i32.const 2))))))
      (local.set $s3 (f32.add (local.get $s3) (f32.load (i32.add (local.get $r) (i32.mul (local.get $row) (i32.const 3))))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (local.set $r (i32.add (local.get $r) (i32.const 4)))
      (br $l1)))
    (local.set $stop (i32.add (local.get $r) (i32.shl (i32.add (i32.sub (local.get $window) (local.get $half)) (i32.const 1)) (i32.const 2))))
    (block $d2 (loop $l2
      (br_if $d2 (i32.ge_u (local.get $r) (local.get $stop)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (local.set $inv (f64.div (f64.const 1) (f64.convert_i32_s (local.get $n))))
      (local.set $s0 (f32.add (local.get $s0) (f32.load (local.get $r))))
      (local.set $s1 (f32.add (local.get $s1) (f32.load (i32.add (local.get $r) (i32.mul (local.get $row) (i32.const 1))))))
      (local.set $s2 (f32.add (local.get $s2) (f32.load (i32.add (local.get $r) (i32.mul (local.get $row) (i32.const 2))))))
      (local.set $s3 (f32.add (local.get $s3) (f32.load (i32.add (local.get $r) (i32.mul (local.get $row) (i32.const 3))))))
      (f32.store (local.get $o) (f32.demote_f64 (f64.mul (f64.promote_f32 (local.get $s0)) (local.get $inv))))
      (f32.store (i32.add (local.get $o) (i32.mul (local.get $row) (i32.const 1))) (f32.demote_f64 (f64.mul (f64.promote_f32 (local.get $s1)) (local.get $inv))))
      (f32.store (i32.add (local.get $o) (i32.mul (local.get $row) (i32.const 2))) (f32.demote_f64 (f64.mul (f64.promote_f32 (local.get $s2)) (local.get $inv))))
      (f32.store (i32.add (local.get $o) (i32.mul (local.get $row) (i32.const 3))) (f32.demote_f64 (f64.mul (f64.promote_f32 (local.get $s3)) (local.get $inv))))
      (local.set $r (i32.add (local.get $r) (i32.const 4)))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (br $l2)))
    (local.set $stop (i32.add (local.get $r) (i32.shl (i32.sub (local.get $width) (local.get $window)) (i32.const 2))))
    (block $d3 (loop $l3
      (br_if $d3 (i32.ge_u (local.get $r) (local.get $stop)))
      (local.set $s0 (f32.sub (f32.add (local.get $s0) (f32.load (local.get $r))) (f32.load (local.get $l))))
      (local.set $s1 (f32.sub (f32.add (local.get $s1) (f32.load (i32.add (local.get $r) (i32.mul (local.get $row) (i32.const 1))))) (f32.load (i32.add (local.get $l) (i32.mul (local.get $row) (i32.const 1))))))
      (local.set $s2 (f32.sub (f32.add (local.get $s2) (f32.load (i32.add (local.get $r) (i32.mul (local.get $row) (i32.const 2))))) (f32.load (i32.add (local.get $l) (i32.mul (local.get $row) (i32.const 2))))))
      (local.set $s3 (f32.sub (f32.add (local.get $s3) (f32.load (i32.add (local.get $r) (i32.mul (local.get $row) (i32.const 3))))) (f32.load (i32.add (local.get $l) (i32.mul (local.get $row) (i32.const 3))))))
      (f32.store (local.get $o) (f32.demote_f64 (f64.mul (f64.promote_f32 (local.get $s0)) (local.get $inv))))
      (f32.store (i32.add (local.get $o) (i32.mul (local.get $row) (i32.const 1))) (f32.demote_f64 (f64.mul (f64.promote_f32 (local.get $s1)) (local.get $inv))))
      (f32.store (i32.add (local.get $o) (i32.mul (local.get $row) (i32.const 2))) (f32.demote_f64 (f64.mul (f64.promote_f32 (local.get $s2)) (local.get $inv))))
      (f32.store (i32.add (local.get $o) (i32.mul (local.get $row) (i32.const 3))) (f32.demote_f64 (f64.mul (f64.promote_f32 (local.get $s3)) (local.get $inv))))
      (local.set $r (i32.add (local.get $r) (i32.const 4)))
      (local.set $l (i32.add (local.get $l) (i32.const 4)))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (br $l3)))
    (local.set $i (i32.sub (local.get $half) (i32.const 1)))
    (block $d4 (loop $l4
      (br_if $d4 (i32.le_s (local.get $i) (i32.const 0)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (local.set $inv (f64.div (f64.const 1) (f64.convert_i32_s (local.get $n))))
      (local.set $s0 (f32.sub (local.get $s0) (f32.load (local.get $l))))
      (local.set $s1 (f32.sub (local.get $s1) (f32.load (i32.add (local.get $l) (i32.mul (local.get $row) (i32.const 1))))))
      (local.set $s2 (f32.sub (local.get $s2) (f32.load (i32.add (local.get $l) (i32.mul (local.get $row) (i32.const 2))))))
      (local.set $s3 (f32.sub (local.get $s3) (f32.load (i32.add (local.get $l) (i32.mul (local.get $row) (i32.const 3))))))
      (f32.store (local.get $o) (f32.demote_f64 (f64.mul (f64.promote_f32 (local.get $s0)) (local.get $inv))))
      (f32.store (i32.add (local.get $o) (i32.mul (local.get $row) (i32.const 1))) (f32.demote_f64 (f64.mul (f64.promote_f32 (local.get $s1)) (local.get $inv))))
      (f32.store (i32.add (local.get $o) (i32.mul (local.get $row) (i32.const 2))) (f32.demote_f64 (f64.mul (f64.promote_f32 (local.get $s2)) (local.get $inv))))
      (f32.store (i32.add (local.get $o) (i32.mul (local.get $row) (i32.const 3))) (f32.demote_f64 (f64.mul (f64.promote_f32 (local.get $s3)) (local.get $inv))))
      (local.set $l (i32.add (local.get $l) (i32.const 4)))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (br $l4))))

  ;; The box filter along every row of a width × height plane, from `in` to `out`.
  (func (export "rows") (param $in i32) (param $out i32) (param $width i32) (param $height i32) (param $window i32)
    (local $y i32) (local $bytes i32)
    (local.set $bytes (i32.shl (local.get $width) (i32.const 2)))
    (block $done4 (loop $next4
      (br_if $done4 (i32.gt_u (i32.add (local.get $y) (i32.const 4)) (local.get $height)))
      (call $rows4 (local.get $in) (local.get $out) (local.get $width) (local.get $window))
      (local.set $in (i32.add (local.get $in) (i32.shl (local.get $bytes) (i32.const 2))))
      (local.set $out (i32.add (local.get $out) (i32.shl (local.get $bytes) (i32.const 2))))
      (local.set $y (i32.add (local.get $y) (i32.const 4)))
      (br $next4)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $y) (local.get $height)))
      (call $row (local.get $in) (local.get $out) (local.get $width) (local.get $window))
      (local.set $in (i32.add (local.get $in) (local.get $bytes)))
      (local.set $out (i32.add (local.get $out) (local.get $bytes)))
      (local.set $y (i32.add (local.get $y) (i32.const 1)))
      (br $next))))

  ;; One step of the box filter along every column, over one row of `count` columns four at a time (the host
  ;; walks the rows through the filter's phases): the running sums += the row at `add`, then -= the row at
  ;; `sub`, then the row at `out` = sums / n, each step where its address is not 0 (no row starts at 0).
  ;; `count` is the width rounded up to 4: the lanes past the width hold whatever follows the row, and their
  ;; results land in the padding or in the next output row before that row is written.
  (func (export "step") (param $sums i32) (param $add i32) (param $sub i32) (param $out i32) (param $count i32) (param $n i32)
    (local $end i32) (local $v v128) (local $nv v128)
    (local.set $nv (f32x4.splat (f32.convert_i32_s (local.get $n))))
    (local.set $end (i32.add (local.get $sums) (i32.shl (local.get $count) (i32.const 2))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $sums) (local.get $end)))
      (local.set $v (v128.load (local.get $sums)))
      (if (local.get $add) (then
        (local.set $v (f32x4.add (local.get $v) (v128.load (local.get $add))))
        (local.set $add (i32.add (local.get $add) (i32.const 16)))))
      (if (local.get $sub) (then
        (local.set $v (f32x4.sub (local.get $v) (v128.load (local.get $sub))))
        (local.set $sub (i32.add (local.get $sub) (i32.const 16)))))
      (v128.store (local.get $sums) (local.get $v))
      (if (local.get $out) (then
        (v128.store (local.get $out) (f32x4.div (local.get $v) (local.get $nv)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))))
      (local.set $sums (i32.add (local.get $sums) (i32.const 16)))
      (br $next))))
)
