;; Element-wise float64 kernels for the ann wasm backend, vectorized with SIMD128 (two lanes).
;; Assembled by scripts/build-wasm.mjs like gemm-f64.wat.
;;
;; tanh does exactly the operations of math/tanh.ts (fdlibm's method), in the same order, two lanes
;; at a time: every branch is computed and the lane's own is selected, so the results are the
;; reference backend's bit for bit (math/tanh.ts explains the method):
;;   |x| < 2^-28: x;  |x| < 1: t = expm1(-2|x|), -t/(t + 2);  |x| < 22: t = expm1(2|x|), 1 - 2/(t + 2);
;;   else 1; with x's sign. NaN stays NaN.
;;
;; add_bias and tanh_backward do exactly the operations of the reference backend's loops, in the same
;; order (z + b; dA·(1 - a·a)), two lanes at a time: their results are bit-identical to it.
;;
;; The JS side places operands anywhere in the memory (no tables live in it).
(module
  (import "env" "memory" (memory 1 65536))

  ;; dst[i] = tanh(src[i]) for i < n, n even (the caller pads an odd length by one).
  (func (export "tanh") (param $src i32) (param $dst i32) (param $n i32)
    (local $x v128) (local $ax v128) (local $big v128) (local $u v128) (local $au v128)
    (local $k v128) (local $hi v128) (local $lo v128) (local $r v128) (local $c v128)
    (local $hfx v128) (local $hxs v128) (local $R1 v128) (local $t v128) (local $e v128)
    (local $kbits v128) (local $twoToK v128) (local $twoToMinusK v128) (local $y v128) (local $z v128)
    (local $end i32)
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 3))))
    (if (i32.ge_u (local.get $src) (local.get $end)) (then (return)))
    (loop $each
      (local.set $x (v128.load (local.get $src)))
      (local.set $ax (f64x2.abs (local.get $x)))
      ;; u = 2|x| where |x| >= 1, else -2|x|: expm1's argument
      (local.set $big (f64x2.ge (local.get $ax) (f64x2.splat (f64.const 1))))
      (local.set $au (f64x2.mul (local.get $ax) (f64x2.splat (f64.const 2))))
      (local.set $u (v128.bitselect (local.get $au) (f64x2.neg (local.get $au)) (local.get $big)))
      ;; k: 0 for |u| < the double 0x3FD62E43_00000000 (about ½ln2), ±1 below 0x3FF0A2B2_00000000
      ;; (about 1.5·ln2), else trunc(u/ln2 ± ½)
      (local.set $k (f64x2.trunc (f64x2.add
        (f64x2.mul (local.get $u) (f64x2.splat (f64.const 0x1.71547652b82fep+0)))
        (v128.bitselect (f64x2.splat (f64.const 0.5)) (f64x2.splat (f64.const -0.5)) (local.get $big)))))
      (local.set $k (v128.bitselect
        (v128.bitselect (f64x2.splat (f64.const 1)) (f64x2.splat (f64.const -1)) (local.get $big))
        (local.get $k)
        (f64x2.lt (local.get $au) (f64x2.splat (f64.const 0x1.0a2b2p+0)))))
      (local.set $k (v128.and (local.get $k)
        (f64x2.ge (local.get $au) (f64x2.splat (f64.const 0x1.62e43p-2)))))
      ;; u = k·ln2 + r, ln2 = hi + lo; c carries the rounding of r (k = 0 gives r = u, c = 0 exactly)
      (local.set $hi (f64x2.sub (local.get $u) (f64x2.mul (local.get $k) (f64x2.splat (f64.const 0x1.62e42feep-1)))))
      (local.set $lo (f64x2.mul (local.get $k) (f64x2.splat (f64.const 0x1.a39ef35793c76p-33))))
      (local.set $r (f64x2.sub (local.get $hi) (local.get $lo)))
      (local.set $c (f64x2.sub (f64x2.sub (local.get $hi) (local.get $r)) (local.get $lo)))
      ;; R1 = 1 + hxs·(Q1 + hxs·(Q2 + hxs·(Q3 + hxs·(Q4 + hxs·Q5)))), hxs = r·r/2
      (local.set $hfx (f64x2.mul (f64x2.splat (f64.const 0.5)) (local.get $r)))
      (local.set $hxs (f64x2.mul (local.get $r) (local.get $hfx)))
      (local.set $R1 (f64x2.splat (f64.const -0x1.afdb76e09c32dp-23)))
      (local.set $R1 (f64x2.mul (local.get $hxs) (local.get $R1)))
      (local.set $R1 (f64x2.add (f64x2.splat (f64.const 0x1.0cfca86e65239p-18)) (local.get $R1)))
      (local.set $R1 (f64x2.mul (local.get $hxs) (local.get $R1)))
      (local.set $R1 (f64x2.add (f64x2.splat (f64.const -0x1.4ce199eaadbb7p-14)) (local.get $R1)))
      (local.set $R1 (f64x2.mul (local.get $hxs) (local.get $R1)))
      (local.set $R1 (f64x2.add (f64x2.splat (f64.const 0x1.a01a019fe5585p-10)) (local.get $R1)))
      (local.set $R1 (f64x2.mul (local.get $hxs) (local.get $R1)))
      (local.set $R1 (f64x2.add (f64x2.splat (f64.const -0x1.11111111110f4p-5)) (local.get $R1)))
      (local.set $R1 (f64x2.add (f64x2.splat (f64.const 1)) (f64x2.mul (local.get $hxs) (local.get $R1))))
      ;; t = 3 - R1·hfx; e = hxs·((R1 - t)/(6 - r·t))
      (local.set $t (f64x2.sub (f64x2.splat (f64.const 3)) (f64x2.mul (local.get $R1) (local.get $hfx))))
      (local.set $e (f64x2.mul (local.get $hxs)
        (f64x2.div (f64x2.sub (local.get $R1) (local.get $t))
                   (f64x2.sub (f64x2.splat (f64.const 6)) (f64x2.mul (local.get $r) (local.get $t))))))
      ;; k = 0: expm1 = r - (r·e - hxs)
      (local.set $z (f64x2.sub (local.get $r) (f64x2.sub (f64x2.mul (local.get $r) (local.get $e)) (local.get $hxs))))
      ;; otherwise e = r·(e - c) - c - hxs, and 2^k, 2^-k from k's bits (k + 1.5·2^52 holds k in its low bits)
      (local.set $e (f64x2.sub (f64x2.sub
        (f64x2.mul (local.get $r) (f64x2.sub (local.get $e) (local.get $c))) (local.get $c)) (local.get $hxs)))
      (local.set $kbits (i64x2.sub
        (f64x2.add (local.get $k) (f64x2.splat (f64.const 0x1.8p52)))
        (i64x2.splat (i64.const 0x4338000000000000))))
      (local.set $twoToK (i64x2.shl (i64x2.add (local.get $kbits) (i64x2.splat (i64.const 1023))) (i32.const 52)))
      (local.set $twoToMinusK (i64x2.shl (i64x2.sub (i64x2.splat (i64.const 1023)) (local.get $kbits)) (i32.const 52)))
      ;; 20 <= k <= 56: (r - (e + 2^-k) + 1)·2^k
      (local.set $y (f64x2.mul
        (f64x2.add (f64x2.sub (local.get $r) (f64x2.add (local.get $e) (local.get $twoToMinusK))) (f64x2.splat (f64.const 1)))
        (local.get $twoToK)))
      ;; k < 20: ((1 - 2^-k) - (e - r))·2^k
      (local.set $y (v128.bitselect
        (f64x2.mul
          (f64x2.sub (f64x2.sub (f64x2.splat (f64.const 1)) (local.get $twoToMinusK)) (f64x2.sub (local.get $e) (local.get $r)))
          (local.get $twoToK))
        (local.get $y)
        (f64x2.lt (local.get $k) (f64x2.splat (f64.const 20)))))
      ;; k <= -2 or k > 56: (1 - (e - r))·2^k - 1
      (local.set $y (v128.bitselect
        (f64x2.sub
          (f64x2.mul (f64x2.sub (f64x2.splat (f64.const 1)) (f64x2.sub (local.get $e) (local.get $r))) (local.get $twoToK))
          (f64x2.splat (f64.const 1)))
        (local.get $y)
        (v128.or (f64x2.le (local.get $k) (f64x2.splat (f64.const -2))) (f64x2.gt (local.get $k) (f64x2.splat (f64.const 56))))))
      ;; k = -1: ½(r - e) - ½
      (local.set $y (v128.bitselect
        (f64x2.sub (f64x2.mul (f64x2.splat (f64.const 0.5)) (f64x2.sub (local.get $r) (local.get $e))) (f64x2.splat (f64.const 0.5)))
        (local.get $y)
        (f64x2.eq (local.get $k) (f64x2.splat (f64.const -1)))))
      ;; t = expm1(u)
      (local.set $t (v128.bitselect (local.get $z) (local.get $y) (f64x2.eq (local.get $k) (f64x2.splat (f64.const 0)))))
      ;; tanh|x| = 1 - 2/(t + 2) for |x| >= 1, else -t/(t + 2); 1 from 22 on (and for NaN, fixed below)
      ;; One division for both: q = (2 if |x| >= 1, else -t)/(t + 2), each lane the very division
      ;; its branch does; then 1 - q for |x| >= 1.
      (local.set $z (f64x2.div
        (v128.bitselect (f64x2.splat (f64.const 2)) (f64x2.neg (local.get $t)) (local.get $big))
        (f64x2.add (local.get $t) (f64x2.splat (f64.const 2)))))
      (local.set $z (v128.bitselect
        (f64x2.sub (f64x2.splat (f64.const 1)) (local.get $z))
        (local.get $z)
        (local.get $big)))
      (local.set $z (v128.bitselect (local.get $z) (f64x2.splat (f64.const 1))
        (f64x2.lt (local.get $ax) (f64x2.splat (f64.const 22)))))
      ;; x's sign (tanh|x| >= 0, so this is the negation); x itself below 2^-28 and for NaN
      (local.set $z (v128.or (local.get $z) (v128.and (local.get $x) (i64x2.splat (i64.const 0x8000000000000000)))))
      (v128.store (local.get $dst) (v128.bitselect (local.get $x) (local.get $z)
        (v128.or
          (f64x2.lt (local.get $ax) (f64x2.splat (f64.const 0x1p-28)))
          (f64x2.ne (local.get $x) (local.get $x)))))
      (local.set $src (i32.add (local.get $src) (i32.const 16)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
      (br_if $each (i32.lt_u (local.get $src) (local.get $end)))))

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
)
