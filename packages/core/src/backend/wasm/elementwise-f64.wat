;; Element-wise float64 kernels for the ann wasm backend, vectorized with SIMD128 (two lanes).
;; Assembled by scripts/build-wasm.mjs like gemm-f64.wat.
;;
;; tanh, accurate to about 1 ulp rather than bit-identical to Math.tanh (fdlibm):
;;   tanh(x) = sign(x)·t/(t + 2) with t = expm1(2|x|), |x| clamped to 20 (tanh rounds to 1 past 19.06);
;;   expm1(y): y = (32k + j)·ln2/32 + r with |r| ≤ ln2/64 (ln2/32 split hi + lo, the hi part short
;;   enough that n·hi is exact), e^r - 1 = p by its Taylor series to r⁷ (truncation < 1e-18 relative),
;;   then e^y - 1 = 2^k·((2^(j/32) - 2^-k) + 2^(j/32)·p), where 2^(j/32) - 2^-k is exact for k ≥ 1
;;   and, for k = 0, comes correctly rounded from a second table (T[j] - 1 would lose bits).
;;   Both 32-entry tables are the correctly rounded values (Python's decimal at 60 digits).
;;   Measured against Math.tanh: see backend/wasm/elementwise.test.ts for the bound the tests hold.
;; NaN stays NaN, ±0 stays ±0, ±Infinity gives ±1.
;;
;; add_bias and tanh_backward do exactly the operations of the reference backend's loops, in the same
;; order (z + b; dA·(1 - a·a)), two lanes at a time: their results are bit-identical to it.
;;
;; Memory map: bytes 0..511 hold the tables (data segment); the JS side places operands after them.
(module
  (import "env" "memory" (memory 1 65536))
  ;; T[j] = 2^(j/32) at 0, M[j] = 2^(j/32) - 1 at 256
  (data (i32.const 0) "\00\00\00\00\00\00\f0\3f\74\85\15\d3\b0\59\f0\3f\0f\89\f9\6c\58\b5\f0\3f\51\5b\12\d0\01\13\f1\3f\7b\51\7d\3c\b8\72\f1\3f\aa\b9\68\31\87\d4\f1\3f\38\62\75\6e\7a\38\f2\3f\e1\de\1f\f5\9d\9e\f2\3f\15\b7\31\0a\fe\06\f3\3f\cb\a9\3a\37\a7\71\f3\3f\22\34\12\4c\a6\de\f3\3f\2d\89\61\60\08\4e\f4\3f\27\2a\36\d5\da\bf\f4\3f\82\4f\9d\56\2b\34\f5\3f\29\54\48\dd\07\ab\f5\3f\85\55\3a\b0\7e\24\f6\3f\cd\3b\7f\66\9e\a0\f6\3f\74\5f\ec\e8\75\1f\f7\3f\87\01\eb\73\14\a1\f7\3f\13\ce\4c\99\89\25\f8\3f\db\a0\2a\42\e5\ac\f8\3f\e5\c5\cd\b0\37\37\f9\3f\90\f0\a3\82\91\c4\f9\3f\5d\25\3e\b2\03\55\fa\3f\ad\d3\5a\99\9f\e8\fa\3f\47\5e\fb\f2\76\7f\fb\3f\9c\52\85\dd\9b\19\fc\3f\69\90\ef\dc\20\b7\fc\3f\87\a4\fb\dc\18\58\fd\3f\5f\9b\7b\33\97\fc\fd\3f\da\90\a4\a2\af\a4\fe\3f\40\45\6e\5b\76\50\ff\3f")
  (data (i32.const 256) "\00\00\00\00\00\00\00\00\0f\5d\61\c5\34\6c\96\3f\ec\21\31\9f\0d\ab\a6\3f\0a\b5\25\01\1d\30\b1\3f\ae\17\d5\c7\83\2b\b7\3f\a8\9a\8b\16\73\48\bd\3f\c3\11\ab\73\d3\c3\c1\3f\09\f7\fe\a8\ef\f4\c4\3f\a9\b8\8d\51\f0\37\c8\3f\55\4e\d5\b9\39\8d\cb\3f\12\a1\91\60\32\f5\ce\3f\b4\24\86\81\21\38\d1\3f\9c\a8\d8\54\6b\ff\d2\3f\07\3e\75\5a\ad\d0\d4\3f\a5\50\21\75\1f\ac\d6\3f\13\56\e9\c0\fa\91\d8\3f\32\ef\fc\99\79\82\da\3f\cf\7d\b1\a3\d7\7d\dc\3f\1b\06\ac\cf\51\84\de\3f\25\9c\99\32\13\4b\e0\3f\b7\41\55\84\ca\59\e1\3f\ca\8b\9b\61\6f\6e\e2\3f\20\e1\47\05\23\89\e3\3f\b9\4a\7c\64\07\aa\e4\3f\5b\a7\b5\32\3f\d1\e5\3f\8e\bc\f6\e5\ed\fe\e6\3f\38\a5\0a\bb\37\33\e8\3f\d2\20\df\b9\41\6e\e9\3f\0e\49\f7\b9\31\b0\ea\3f\bd\36\f7\66\2e\f9\eb\3f\b3\21\49\45\5f\49\ed\3f\81\8a\dc\b6\ec\a0\ee\3f")

  ;; dst[i] = tanh(src[i]) for i < n, n even (the caller pads an odd length by one).
  (func (export "tanh") (param $src i32) (param $dst i32) (param $n i32)
    (local $x v128) (local $y v128) (local $nf v128) (local $r v128) (local $p v128)
    (local $ni v128) (local $j v128) (local $k v128) (local $tj v128) (local $mj v128)
    (local $base v128) (local $t v128) (local $end i32) (local $j0 i32) (local $j1 i32)
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 3))))
    (if (i32.ge_u (local.get $src) (local.get $end)) (then (return)))
    (loop $each
      (local.set $x (v128.load (local.get $src)))
      ;; y = 2·min(|x|, 20); pmin (20 < a ? 20 : a) keeps a NaN and is one instruction, unlike min
      (local.set $y (f64x2.mul (f64x2.pmin (f64x2.abs (local.get $x)) (f64x2.splat (f64.const 20))) (f64x2.splat (f64.const 2))))
      ;; n = round(y·32/ln2) by adding 1.5·2^52, which leaves n in the low mantissa bits (n ≤ 1847):
      ;; nf = n as a double, ni = n as an integer, with no conversion instructions
      (local.set $ni (f64x2.add (f64x2.mul (local.get $y) (f64x2.splat (f64.const 46.16624130844683))) (f64x2.splat (f64.const 0x1.8p52))))
      (local.set $nf (f64x2.sub (local.get $ni) (f64x2.splat (f64.const 0x1.8p52))))
      (local.set $ni (i64x2.sub (local.get $ni) (i64x2.splat (i64.const 0x4338000000000000))))
      ;; r = (y - n·ln2hi/32) - n·ln2lo/32
      (local.set $r (f64x2.sub
        (f64x2.sub (local.get $y) (f64x2.mul (local.get $nf) (f64x2.splat (f64.const 0x1.62e42feep-6))))
        (f64x2.mul (local.get $nf) (f64x2.splat (f64.const 0x1.a39ef35793c76p-38)))))
      (local.set $j (v128.and (local.get $ni) (i64x2.splat (i64.const 31))))
      (local.set $k (i64x2.shr_u (local.get $ni) (i32.const 5))) ;; n ≥ 0
      ;; gather T[j] and M[j]
      (local.set $j0 (i32.shl (i32.wrap_i64 (i64x2.extract_lane 0 (local.get $j))) (i32.const 3)))
      (local.set $j1 (i32.shl (i32.wrap_i64 (i64x2.extract_lane 1 (local.get $j))) (i32.const 3)))
      (local.set $tj (f64x2.replace_lane 1 (f64x2.splat (f64.load (local.get $j0))) (f64.load (local.get $j1))))
      (local.set $mj (f64x2.replace_lane 1 (f64x2.splat (f64.load offset=256 (local.get $j0))) (f64.load offset=256 (local.get $j1))))
      ;; p = expm1(r) = r + r²·(1/2 + r·(1/6 + r·(1/24 + r·(1/120 + r·(1/720 + r/5040)))))
      (local.set $p (f64x2.add (f64x2.splat (f64.const 0x1.6c16c16c16c17p-10)) (f64x2.mul (local.get $r) (f64x2.splat (f64.const 0x1.a01a01a01a01ap-13)))))
      (local.set $p (f64x2.add (f64x2.splat (f64.const 0x1.1111111111111p-7)) (f64x2.mul (local.get $r) (local.get $p))))
      (local.set $p (f64x2.add (f64x2.splat (f64.const 0x1.5555555555555p-5)) (f64x2.mul (local.get $r) (local.get $p))))
      (local.set $p (f64x2.add (f64x2.splat (f64.const 0x1.5555555555555p-3)) (f64x2.mul (local.get $r) (local.get $p))))
      (local.set $p (f64x2.add (f64x2.splat (f64.const 0.5)) (f64x2.mul (local.get $r) (local.get $p))))
      (local.set $p (f64x2.add (local.get $r) (f64x2.mul (f64x2.mul (local.get $r) (local.get $r)) (local.get $p))))
      ;; base = k = 0 ? M[j] : T[j] - 2^-k (exact); t = 2^k·(base + T[j]·p)
      (local.set $base (v128.bitselect
        (local.get $mj)
        (f64x2.sub (local.get $tj) (i64x2.shl (i64x2.sub (i64x2.splat (i64.const 1023)) (local.get $k)) (i32.const 52)))
        (i64x2.eq (local.get $k) (i64x2.splat (i64.const 0)))))
      (local.set $t (f64x2.mul
        (f64x2.add (local.get $base) (f64x2.mul (local.get $tj) (local.get $p)))
        (i64x2.shl (i64x2.add (local.get $k) (i64x2.splat (i64.const 1023))) (i32.const 52))))
      ;; tanh = t/(t + 2), with x's sign
      (v128.store (local.get $dst)
        (v128.or
          (f64x2.div (local.get $t) (f64x2.add (local.get $t) (f64x2.splat (f64.const 2))))
          (v128.and (local.get $x) (i64x2.splat (i64.const 0x8000000000000000)))))
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
