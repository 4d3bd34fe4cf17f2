;; Element-wise float64 kernels for the ann wasm backend, vectorized with SIMD128 (two lanes), and the
;; float32 conversions that let float32 data use them. Assembled by scripts/build-wasm.mjs like
;; gemm-f64.wat.
;;
;; tanh does exactly the operations of math/tanh.ts (fdlibm's method), in the same order, two lanes
;; at a time: every branch is computed and the lane's own is selected, so the results are the
;; reference backend's bit for bit (math/tanh.ts explains the method):
;;   |x| < 2^-28: x;  |x| < 1: t = expm1(-2|x|), -t/(t + 2);  |x| < 22: t = expm1(2|x|), 1 - 2/(t + 2);
;;   else 1; with x's sign. NaN stays NaN.
;;
;; Speed: one element's operations form a chain of about 150 cycles of latency (the reduction, the
;; degree-5 fit and two divisions), and with the whole chain in one loop body (about 190 machine
;; instructions) the processor only ever had one or two elements in flight: latency-bound, 13-17 ns an
;; element. So the work runs in blocks of 256 elements, in four passes over each block with the
;; intermediate values in a scratch area (L1-resident, 10 KiB): the reduction; the fit and its
;; division; the rest of expm1; tanh's division and sign. Each pass's loop body is short, so many
;; elements are in flight. The ranges of k that tanh never asks of expm1 are gone, and the lanes'
;; formulas are merged where that keeps every bit (see tanh_pass3 and tanh_pass4). The
;; micro-benchmark scripts/tanh-micro.mjs times it against another revision's.
;;
;; add_bias and tanh_backward do exactly the operations of the reference backend's loops, in the same
;; order (z + b; dA·(1 - a·a)), two lanes at a time: their results are bit-identical to it.
;;
;; float32: the reference backend computes on float32 data in float64 and rounds once when it stores
;; (a[k] = tanh((z[k] += b)) takes tanh of the double sum, and stores fround of the sum in z and of
;; tanh in a; dz = fround(da·(1 - a·a)) in doubles). widen_f32, add_bias_f32, narrow_f64 and
;; tanh_backward_f32 do the same: float32 → float64 is exact, the arithmetic is float64's, and
;; f32x4.demote_f64x2_zero rounds to nearest even as fround does. So float32 results are bit-identical
;; to the reference's too.
;;
;; The JS side places operands anywhere in the memory (no tables live in it).
(module
  (import "env" "memory" (memory 1 65536))

  ;; dst[i] = tanh(src[i]) for i < n, n even (the caller pads an odd length by one); dst may be src.
  ;; scratch: 10240 bytes (16-byte aligned) the kernel may overwrite, overlapping neither.
  (func (export "tanh") (param $src i32) (param $dst i32) (param $n i32) (param $scratch i32)
    (local $pairs i32)
    (local.set $pairs (i32.shr_u (local.get $n) (i32.const 1)))
    (block $done
      (loop $block
        (br_if $done (i32.le_s (local.get $pairs) (i32.const 0)))
        (call $tanh_block (local.get $src) (local.get $dst)
          (select (i32.const 128) (local.get $pairs) (i32.gt_s (local.get $pairs) (i32.const 128)))
          (local.get $scratch))
        (local.set $src (i32.add (local.get $src) (i32.const 2048)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 2048)))
        (local.set $pairs (i32.sub (local.get $pairs) (i32.const 128)))
        (br $block))))

  ;; One block of 1 to 128 pairs, in four passes. The scratch holds, per pair, at these offsets:
  ;; r 0, c 2048, k 4096, hxs 6144, e 8192 (expm1's reduced argument, its rounding, the multiple of
  ;; ln2, r·r/2, and the fit's correction before the reduction's rounding is folded in).
  (func $tanh_block (param $src i32) (param $dst i32) (param $pairs i32) (param $s i32)
    (local $bytes i32)
    (local.set $bytes (i32.shl (local.get $pairs) (i32.const 4)))
    (call $tanh_pass1 (local.get $src) (local.get $s) (i32.add (local.get $s) (local.get $bytes)))
    (call $tanh_pass2 (local.get $s) (i32.add (local.get $s) (local.get $bytes)))
    (call $tanh_pass3 (local.get $s) (i32.add (local.get $s) (local.get $bytes)))
    (call $tanh_pass4 (local.get $src) (local.get $dst) (local.get $s) (i32.add (local.get $s) (local.get $bytes))))

  ;; Pass 1: expm1's argument u = 2|x| where |x| >= 1, else -2|x| (|x| capped at 22, past which
  ;; the method gives 1 anyway: see pass 3), and its reduction u = k·ln2 + r (ln2 = hi + lo), with c
  ;; the rounding of r. k is 0 for |u| < the double 0x3FD62E43_00000000 (about ½ln2), else
  ;; trunc(u/ln2 ± ½), as fdlibm computes it for |u| >= 1.5·ln2; fdlibm's own branch for
  ;; ½ln2 < |u| < 1.5·ln2 sets k = ±1, which this formula gives there too (1 < |u|/ln2 + ½ < 2 with
  ;; margins of 1e-7 against rounding), with the same hi and lo (u ∓ hi is u - k·hi exactly).
  (func $tanh_pass1 (param $p i32) (param $q i32) (param $end i32)
    (local $x v128) (local $ax v128) (local $au v128) (local $u v128) (local $k v128) (local $hi v128)
    (local $lo v128) (local $r v128)
    (loop $each
      (local.set $x (v128.load (local.get $p)))
      ;; pmin(a, b) is b < a ? b : a: NaN stays NaN
      (local.set $ax (f64x2.pmin (f64x2.abs (local.get $x)) (f64x2.splat (f64.const 22))))
      (local.set $au (f64x2.add (local.get $ax) (local.get $ax)))
      (local.set $u (v128.xor (local.get $au)
        (v128.andnot (i64x2.splat (i64.const 0x8000000000000000)) (f64x2.ge (local.get $ax) (f64x2.splat (f64.const 1))))))
      ;; trunc(u·(1/ln2) + ½ with u's sign)
      (local.set $k (f64x2.trunc (f64x2.add
        (f64x2.mul (local.get $u) (f64x2.splat (f64.const 0x1.71547652b82fep+0)))
        (v128.or (f64x2.splat (f64.const 0.5)) (v128.and (local.get $u) (i64x2.splat (i64.const 0x8000000000000000)))))))
      (local.set $k (v128.and (local.get $k)
        (f64x2.ge (local.get $au) (f64x2.splat (f64.const 0x1.62e43p-2)))))
      ;; k = 0 gives r = u and c = 0 exactly
      (local.set $hi (f64x2.sub (local.get $u) (f64x2.mul (local.get $k) (f64x2.splat (f64.const 0x1.62e42feep-1)))))
      (local.set $lo (f64x2.mul (local.get $k) (f64x2.splat (f64.const 0x1.a39ef35793c76p-33))))
      (local.set $r (f64x2.sub (local.get $hi) (local.get $lo)))
      (v128.store (local.get $q) (local.get $r))
      (v128.store offset=2048 (local.get $q) (f64x2.sub (f64x2.sub (local.get $hi) (local.get $r)) (local.get $lo)))
      (v128.store offset=4096 (local.get $q) (local.get $k))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (local.set $q (i32.add (local.get $q) (i32.const 16)))
      (br_if $each (i32.lt_u (local.get $q) (local.get $end)))))

  ;; Pass 2: hxs = r·r/2, R1 = 1 + hxs·(Q1 + hxs·(Q2 + hxs·(Q3 + hxs·(Q4 + hxs·Q5)))),
  ;; t = 3 - R1·hfx, e = hxs·((R1 - t)/(6 - r·t)).
  (func $tanh_pass2 (param $q i32) (param $end i32)
    (local $r v128) (local $hfx v128) (local $hxs v128) (local $R1 v128) (local $t v128)
    (loop $each
      (local.set $r (v128.load (local.get $q)))
      (local.set $hfx (f64x2.mul (f64x2.splat (f64.const 0.5)) (local.get $r)))
      (local.set $hxs (f64x2.mul (local.get $r) (local.get $hfx)))
      (local.set $R1 (f64x2.mul (local.get $hxs) (f64x2.splat (f64.const -0x1.afdb76e09c32dp-23))))
      (local.set $R1 (f64x2.mul (local.get $hxs) (f64x2.add (f64x2.splat (f64.const 0x1.0cfca86e65239p-18)) (local.get $R1))))
      (local.set $R1 (f64x2.mul (local.get $hxs) (f64x2.add (f64x2.splat (f64.const -0x1.4ce199eaadbb7p-14)) (local.get $R1))))
      (local.set $R1 (f64x2.mul (local.get $hxs) (f64x2.add (f64x2.splat (f64.const 0x1.a01a019fe5585p-10)) (local.get $R1))))
      (local.set $R1 (f64x2.mul (local.get $hxs) (f64x2.add (f64x2.splat (f64.const -0x1.11111111110f4p-5)) (local.get $R1))))
      (local.set $R1 (f64x2.add (f64x2.splat (f64.const 1)) (local.get $R1)))
      (local.set $t (f64x2.sub (f64x2.splat (f64.const 3)) (f64x2.mul (local.get $R1) (local.get $hfx))))
      (v128.store offset=6144 (local.get $q) (local.get $hxs))
      (v128.store offset=8192 (local.get $q) (f64x2.mul (local.get $hxs)
        (f64x2.div (f64x2.sub (local.get $R1) (local.get $t))
                   (f64x2.sub (f64x2.splat (f64.const 6)) (f64x2.mul (local.get $r) (local.get $t))))))
      (local.set $q (i32.add (local.get $q) (i32.const 16)))
      (br_if $each (i32.lt_u (local.get $q) (local.get $end)))))

  ;; Pass 3: t = expm1(u) from r, c, k, hxs, e. fdlibm's expm1, for the k that occur
  ;; (k in {0, -1, -2, -3} where |x| < 1, k in [3, 63] where |x| >= 1), with e' = r·(e - c) - c - hxs,
  ;; d = e' - r, S = 2^k, T = 2^-k:
  ;;   k = 0:         r - (r·e - hxs)         = (0 - d)·S - 0
  ;;   k = -1:        ½·(r - e') - ½          = (0 - d)·S - ½
  ;;   k = -2, -3:    (1 - d)·S - 1
  ;;   3 <= k < 20:   ((1 - T) - d)·S
  ;;   20 <= k <= 56: ((r - (e' + T)) + 1)·S
  ;;   k > 56:        (1 - d)·S - 1           = ((1 - T) - d)·S
  ;; The first line: k = 0 has c = +0 exactly (pass 1), so e' = r·e - hxs, the very operations of
  ;; fdlibm's inner term, and S = 1; r - e' is -(e' - r) = 0 - d exactly (the one exception, r = -0
  ;; with e' = +0, needs u = -0: x = ±0, whose result is x itself). The same for k = -1. The last
  ;; line: 1 - T rounds to 1 for k >= 54, and (1 - d)·S >= 0.7·2^57 has an ulp of at least 16 (8 just
  ;; below a power of two), so subtracting 1 rounds back to it. So every lane is A·S - B:
  ;; A = P - d with P = 1 - T (k > 0), 0 (k = 0, -1), 1 (k <= -2), except A = (r - (e' + T)) + 1 for
  ;; 20 <= k <= 56; B = 0 (k >= 0), ½ (k = -1), 1 (k <= -2).
  ;; |x| >= 22 (and ±Infinity) ran with |x| = 22: k = 63, t ≈ 1.3e19, and 1 - 2/(t + 2) rounds to 1
  ;; in pass 4, fdlibm's result there.
  (func $tanh_pass3 (param $q i32) (param $end i32)
    (local $r v128) (local $k v128) (local $e v128) (local $c v128) (local $hxs v128)
    (local $below v128) (local $T v128) (local $A v128)
    (loop $each
      (local.set $r (v128.load (local.get $q)))
      (local.set $c (v128.load offset=2048 (local.get $q)))
      (local.set $k (v128.load offset=4096 (local.get $q)))
      (local.set $hxs (v128.load offset=6144 (local.get $q)))
      (local.set $e (v128.load offset=8192 (local.get $q)))
      ;; e' = r·(e - c) - c - hxs
      (local.set $e (f64x2.sub (f64x2.sub
        (f64x2.mul (local.get $r) (f64x2.sub (local.get $e) (local.get $c))) (local.get $c)) (local.get $hxs)))
      ;; T = 2^-k: 1.5·2^52 + 1023 - k holds 1023 - k in its low 12 bits, shifted into the exponent
      (local.set $T (i64x2.shl (f64x2.sub (f64x2.splat (f64.const 0x1.80000000003ffp52)) (local.get $k)) (i32.const 52)))
      ;; 1 where k <= -2, else 0
      (local.set $below (v128.and (f64x2.splat (f64.const 1)) (f64x2.lt (local.get $k) (f64x2.splat (f64.const -1.5)))))
      ;; A = P - d
      (local.set $A (f64x2.sub
        (v128.bitselect
          (f64x2.sub (f64x2.splat (f64.const 1)) (local.get $T))
          (local.get $below)
          (f64x2.gt (local.get $k) (f64x2.splat (f64.const 0))))
        (f64x2.sub (local.get $e) (local.get $r))))
      ;; 20 <= k <= 56: A = (r - (e' + T)) + 1
      (local.set $A (v128.bitselect
        (f64x2.add (f64x2.sub (local.get $r) (f64x2.add (local.get $e) (local.get $T))) (f64x2.splat (f64.const 1)))
        (local.get $A)
        (v128.and
          (f64x2.ge (local.get $k) (f64x2.splat (f64.const 20)))
          (f64x2.le (local.get $k) (f64x2.splat (f64.const 56))))))
      ;; t = A·S - B, S = 2^k as T; kept in r's place for pass 4
      (v128.store (local.get $q) (f64x2.sub
        (f64x2.mul (local.get $A)
          (i64x2.shl (f64x2.add (local.get $k) (f64x2.splat (f64.const 0x1.80000000003ffp52))) (i32.const 52)))
        (v128.or (local.get $below)
          (v128.and (f64x2.splat (f64.const 0.5)) (f64x2.eq (local.get $k) (f64x2.splat (f64.const -1)))))))
      (local.set $q (i32.add (local.get $q) (i32.const 16)))
      (br_if $each (i32.lt_u (local.get $q) (local.get $end)))))

  ;; Pass 4: tanh|x| = 1 - 2/(t + 2) for |x| >= 1 (k > 0), else -t/(t + 2), with t = expm1(u):
  ;; one division, q = (2 if |x| >= 1, else t)/(t + 2), each lane its branch's division (-t/(t + 2)
  ;; is -(t/(t + 2)) exactly), then (1 if |x| >= 1, else 0) - q. Then x's sign (tanh|x| >= 0): the
  ;; sign bit from x, and every bit from x below 2^-28 and for NaN.
  (func $tanh_pass4 (param $p i32) (param $o i32) (param $q i32) (param $end i32)
    (local $x v128) (local $t v128) (local $big v128)
    (loop $each
      (local.set $x (v128.load (local.get $p)))
      (local.set $t (v128.load (local.get $q)))
      (local.set $big (f64x2.gt (v128.load offset=4096 (local.get $q)) (f64x2.splat (f64.const 0))))
      (v128.store (local.get $o) (v128.bitselect
        (f64x2.sub
          (v128.and (f64x2.splat (f64.const 1)) (local.get $big))
          (f64x2.div
            (v128.bitselect (f64x2.splat (f64.const 2)) (local.get $t) (local.get $big))
            (f64x2.add (local.get $t) (f64x2.splat (f64.const 2)))))
        (local.get $x)
        (v128.andnot
          (f64x2.ge (f64x2.abs (local.get $x)) (f64x2.splat (f64.const 0x1p-28)))
          (i64x2.splat (i64.const 0x8000000000000000)))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (local.set $q (i32.add (local.get $q) (i32.const 16)))
      (br_if $each (i32.lt_u (local.get $q) (local.get $end)))))

;; z[i, j] += b[i] for a row-major (rows, cols) z: the reference's addBias, in place.
  (func (export "add_bias") (param $z i32) (param $b i32) (param $rows i32) (param $cols i32)
    (local $bias v128) (local $end i32) (local $pairs i32)
    (if (i32.eqz (local.get $rows)) (then (return)))
    (loop $row
      (local.set $bias (f64x2.splat (f64.load (local.get $b))))
      (local.set $end (i32.add (local.get $z) (i32.shl (local.get $cols) (i32.const 3))))
      (local.set $pairs (i32.sub (local.get $end) (i32.and (i32.shl (local.get $cols) (i32.const 3)) (i32.const 8))))
      (block $pairs_done
        (loop $pair
          (br_if $pairs_done (i32.ge_u (local.get $z) (local.get $pairs)))
          (v128.store (local.get $z) (f64x2.add (v128.load (local.get $z)) (local.get $bias)))
          (local.set $z (i32.add (local.get $z) (i32.const 16)))
          (br $pair)))
      (if (i32.lt_u (local.get $z) (local.get $end))
        (then
          (f64.store (local.get $z) (f64.add (f64.load (local.get $z)) (f64x2.extract_lane 0 (local.get $bias))))
          (local.set $z (local.get $end))))
      (local.set $b (i32.add (local.get $b) (i32.const 8)))
      (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
      (br_if $row (local.get $rows))))

  ;; dz[i] = da[i]·(1 - a[i]·a[i]) for i < n, n even: tanh's derivative from its output, as the
  ;; reference computes it.
  (func (export "tanh_backward") (param $da i32) (param $a i32) (param $dz i32) (param $n i32)
    (local $t v128) (local $end i32)
    (local.set $end (i32.add (local.get $da) (i32.shl (local.get $n) (i32.const 3))))
    (if (i32.ge_u (local.get $da) (local.get $end)) (then (return)))
    (loop $each
      (local.set $t (v128.load (local.get $a)))
      (v128.store (local.get $dz)
        (f64x2.mul (v128.load (local.get $da))
          (f64x2.sub (f64x2.splat (f64.const 1)) (f64x2.mul (local.get $t) (local.get $t)))))
      (local.set $da (i32.add (local.get $da) (i32.const 16)))
      (local.set $a (i32.add (local.get $a) (i32.const 16)))
      (local.set $dz (i32.add (local.get $dz) (i32.const 16)))
      (br_if $each (i32.lt_u (local.get $da) (local.get $end)))))

  ;; dst[i] = src[i] for i < n, n even: float32 src, float64 dst (exact).
  (func (export "widen_f32") (param $src i32) (param $dst i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 2))))
    (if (i32.ge_u (local.get $src) (local.get $end)) (then (return)))
    (loop $each
      (v128.store (local.get $dst) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $src))))
      (local.set $src (i32.add (local.get $src) (i32.const 8)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
      (br_if $each (i32.lt_u (local.get $src) (local.get $end)))))

  ;; dst[i] = src[i] rounded to nearest float32 (fround), for i < n, n even: float64 src, float32 dst.
  (func (export "narrow_f64") (param $src i32) (param $dst i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 3))))
    (if (i32.ge_u (local.get $src) (local.get $end)) (then (return)))
    (loop $each
      (v128.store64_lane 0 (local.get $dst) (f32x4.demote_f64x2_zero (v128.load (local.get $src))))
      (local.set $src (i32.add (local.get $src) (i32.const 16)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
      (br_if $each (i32.lt_u (local.get $src) (local.get $end)))))

  ;; For a row-major (rows, cols) float32 z and float32 b: w[i, j] = z[i, j] + b[i] in float64 (w is
  ;; float64, n = rows·cols entries) and z[i, j] = fround(w[i, j]): the reference's
  ;; `a[k] = f((z[k] += b[i]))` on float32 arrays, whose f sees the double sum and whose z keeps it
  ;; rounded.
  (func (export "add_bias_f32") (param $z i32) (param $b i32) (param $w i32) (param $rows i32) (param $cols i32)
    (local $bias v128) (local $sum v128) (local $last f64) (local $end i32) (local $pairs i32)
    (if (i32.eqz (local.get $rows)) (then (return)))
    (loop $row
      (local.set $bias (f64x2.splat (f64.promote_f32 (f32.load (local.get $b)))))
      (local.set $end (i32.add (local.get $z) (i32.shl (local.get $cols) (i32.const 2))))
      (local.set $pairs (i32.sub (local.get $end) (i32.and (i32.shl (local.get $cols) (i32.const 2)) (i32.const 4))))
      (block $pairs_done
        (loop $pair
          (br_if $pairs_done (i32.ge_u (local.get $z) (local.get $pairs)))
          (local.set $sum (f64x2.add (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $z))) (local.get $bias)))
          (v128.store (local.get $w) (local.get $sum))
          (v128.store64_lane 0 (local.get $z) (f32x4.demote_f64x2_zero (local.get $sum)))
          (local.set $z (i32.add (local.get $z) (i32.const 8)))
          (local.set $w (i32.add (local.get $w) (i32.const 16)))
          (br $pair)))
      (if (i32.lt_u (local.get $z) (local.get $end))
        (then
          (local.set $last (f64.add (f64.promote_f32 (f32.load (local.get $z))) (f64x2.extract_lane 0 (local.get $bias))))
          (f64.store (local.get $w) (local.get $last))
          (f32.store (local.get $z) (f32.demote_f64 (local.get $last)))
          (local.set $z (local.get $end))
          (local.set $w (i32.add (local.get $w) (i32.const 8)))))
      (local.set $b (i32.add (local.get $b) (i32.const 4)))
      (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
      (br_if $row (local.get $rows))))

  ;; dz[i] = fround(da[i]·(1 - a[i]·a[i])) computed in float64 for float32 da, a, dz, i < n, n even:
  ;; the reference's tanh backward on float32 arrays.
  (func (export "tanh_backward_f32") (param $da i32) (param $a i32) (param $dz i32) (param $n i32)
    (local $t v128) (local $end i32)
    (local.set $end (i32.add (local.get $da) (i32.shl (local.get $n) (i32.const 2))))
    (if (i32.ge_u (local.get $da) (local.get $end)) (then (return)))
    (loop $each
      (local.set $t (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $a))))
      (v128.store64_lane 0 (local.get $dz) (f32x4.demote_f64x2_zero
        (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $da)))
          (f64x2.sub (f64x2.splat (f64.const 1)) (f64x2.mul (local.get $t) (local.get $t))))))
      (local.set $da (i32.add (local.get $da) (i32.const 8)))
      (local.set $a (i32.add (local.get $a) (i32.const 8)))
      (local.set $dz (i32.add (local.get $dz) (i32.const 8)))
      (br_if $each (i32.lt_u (local.get $da) (local.get $end)))))
)
