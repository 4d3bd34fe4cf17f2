;; Float32 GEMM for the ann wasm backend: C = op(A)·op(B), overwriting C.
;;
;; The float32 twin of gemm-f64.wat, driven by the same TypeScript (gemm-driver.ts): the same exported
;; `gemm` signature with byte strides, the same MC/KC/NC globals plus the register tile MR×NR, the same
;; memory contract. Hand-written WebAssembly text with SIMD128, assembled by scripts/build-wasm.mjs.
;; op(A)[i, k] lives at a + i·a_rs + k·a_ks and op(B)[k, j] at b + k·b_ks + j·b_js, so a transpose is
;; only a swap of strides, folded into the packing and never materialised.
;;
;; Structure (Goto/BLIS): for each NC-wide block of columns and KC-deep slice of k, op(B) is packed
;; into 8-column micro-panels (k-major, zero-padded); for each MC-tall block of rows, op(A) is packed
;; into 4-row micro-panels; a 4×8 register tile runs down k: 8 f32x4 accumulators, 2 B vectors and 1
;; broadcast A, the register budget of the f64 4×4 tile (V8 gives wasm 15 usable xmm registers, and
;; the f64 kernel's 6×4 tile spilled). Per k it does 2 vector loads and 4 broadcast loads
;; (v128.load32_splat) for 32 multiply-adds; an 8×4 tile would need 1 + 8 loads for the same work.
;;
;; Blocking: MC = 120 rows (an A block of 120·KC·4 = 240 KiB, L2-resident, the f64 kernel's size);
;; KC = 512, twice the f64 depth (an 8-column B micro-panel is then 16 KiB, still L1-resident, and C's
;; partial sums are reloaded half as often); NC = 256 (a packed B block of KC·NC·4 = 512 KiB). On W1's
;; shapes and 512³, KC = 256 or 384 and NC = 512 measured within noise (±5%) of these; MR×8 tiles of 5
;; and 6 rows (10 and 12 accumulators) ran at 50-60% of the 4×8 tile's speed.
;;
;; Exactness: multiply then add (f32x4.mul, f32x4.add: each rounds to float32; no FMA, which needs
;; relaxed SIMD), and each tile's accumulators start from C's partial sums (0 on the first k-slice;
;; C holds exactly the float32 accumulators between slices), so every C[i, j] is
;; fl(…fl(fl(0 + fl(a₀b₀)) + fl(a₁b₁))… + fl(a_{K-1}b_{K-1})) in the order of k: bit-identical to a
;; naive float32 loop that rounds after every multiply and every add (in JavaScript,
;; s = Math.fround(s + Math.fround(a·b)); gemm-f32.test.ts checks this).
;;
;; Memory map (the JS side owns it): bytes 0..127 of the scratch region hold a 4×8 tile for edge
;; tiles; the operands, C and both pack buffers live wherever the caller puts them. Several threads may
;; run `gemm` at once on one shared memory if each passes its own pack buffers, scratch tile and C band.
(module
  ;; The memory is the host's: one module instance per thread, all on one memory. The build assembles
  ;; this source twice, as written and with the memory `shared` (for threads; see build-wasm.mjs).
  (import "env" "memory" (memory 1 65536))

  (global $MR i32 (i32.const 4))    ;; rows of the register tile (rows per packed A micro-panel)
  (global $NR i32 (i32.const 8))    ;; columns of the register tile (columns per packed B micro-panel)
  (global $MC i32 (i32.const 120))  ;; rows of op(A) per packed block: 120·KC·4 = 240 KiB, L2-resident (a multiple of MR)
  (global $KC i32 (i32.const 512))  ;; depth per slice: an 8-column B micro-panel is 16 KiB, L1-resident
  (global $NC i32 (i32.const 256))  ;; columns of op(B) per packed block: KC·NC·4 = 512 KiB (a multiple of NR)
  ;; Exported so the JS side sizes the pack buffers and thread bands from the same numbers.
  (export "MR" (global $MR))
  (export "NR" (global $NR))
  (export "MC" (global $MC))
  (export "KC" (global $KC))
  (export "NC" (global $NC))

  ;; The 4×8 register tile: C[0..3, 0..7] = (first ? 0 : C) + Σ_k pa[k, 0..3]ᵀ · pb[k, 0..7] over kc
  ;; steps, in the order of k. pa: packed A micro-panel (kc×4, k-major, 16 bytes per k); pb: packed B
  ;; micro-panel (kc×8, 32 bytes per k); c: top-left of the tile, ldc: C's row stride in bytes;
  ;; first: start from 0 (1) or C (0).
  (func $kernel (param $pa i32) (param $pb i32) (param $kc i32) (param $c i32) (param $ldc i32) (param $first i32)
    (local $c00 v128) (local $c01 v128)
    (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128)
    (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $a v128)
    (local $c1 i32) (local $c2 i32) (local $c3 i32) (local $end i32)
    (local.set $c1 (i32.add (local.get $c) (local.get $ldc)))
    (local.set $c2 (i32.add (local.get $c1) (local.get $ldc)))
    (local.set $c3 (i32.add (local.get $c2) (local.get $ldc)))
    (if (i32.eqz (local.get $first))
      (then
        (local.set $c00 (v128.load offset=0 (local.get $c)))
        (local.set $c01 (v128.load offset=16 (local.get $c)))
        (local.set $c10 (v128.load offset=0 (local.get $c1)))
        (local.set $c11 (v128.load offset=16 (local.get $c1)))
        (local.set $c20 (v128.load offset=0 (local.get $c2)))
        (local.set $c21 (v128.load offset=16 (local.get $c2)))
        (local.set $c30 (v128.load offset=0 (local.get $c3)))
        (local.set $c31 (v128.load offset=16 (local.get $c3)))))
    (local.set $end (i32.add (local.get $pa) (i32.shl (local.get $kc) (i32.const 4))))
    (loop $k
      (local.set $b0 (v128.load offset=0 (local.get $pb)))
      (local.set $b1 (v128.load offset=16 (local.get $pb)))
      (local.set $a (v128.load32_splat offset=0 (local.get $pa)))
      (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat offset=4 (local.get $pa)))
      (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat offset=8 (local.get $pa)))
      (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat offset=12 (local.get $pa)))
      (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
      (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
      (br_if $k (i32.lt_u (local.get $pa) (local.get $end))))
    (v128.store offset=0 (local.get $c) (local.get $c00))
    (v128.store offset=16 (local.get $c) (local.get $c01))
    (v128.store offset=0 (local.get $c1) (local.get $c10))
    (v128.store offset=16 (local.get $c1) (local.get $c11))
    (v128.store offset=0 (local.get $c2) (local.get $c20))
    (v128.store offset=16 (local.get $c2) (local.get $c21))
    (v128.store offset=0 (local.get $c3) (local.get $c30))
    (v128.store offset=16 (local.get $c3) (local.get $c31)))

  ;; One tile with mr ≤ 4 valid rows and nr ≤ 8 valid columns. A partial tile runs the full kernel on
  ;; the scratch tile (4 rows of 32 bytes; the packs are zero-padded; C's valid part is copied in first
  ;; when continuing a sum) and copies back only the valid part.
  (func $tile (param $pa i32) (param $pb i32) (param $kc i32) (param $c i32) (param $ldc i32) (param $first i32)
              (param $mr i32) (param $nr i32) (param $scratch i32)
    (local $i i32) (local $j i32) (local $src i32) (local $dst i32)
    (if (i32.and (i32.eq (local.get $mr) (i32.const 4)) (i32.eq (local.get $nr) (i32.const 8)))
      (then (call $kernel (local.get $pa) (local.get $pb) (local.get $kc) (local.get $c) (local.get $ldc) (local.get $first)) (return)))
    (if (i32.eqz (local.get $first))
      (then
        (v128.store offset=0 (local.get $scratch) (v128.const i64x2 0 0))
        (v128.store offset=16 (local.get $scratch) (v128.const i64x2 0 0))
        (v128.store offset=32 (local.get $scratch) (v128.const i64x2 0 0))
        (v128.store offset=48 (local.get $scratch) (v128.const i64x2 0 0))
        (v128.store offset=64 (local.get $scratch) (v128.const i64x2 0 0))
        (v128.store offset=80 (local.get $scratch) (v128.const i64x2 0 0))
        (v128.store offset=96 (local.get $scratch) (v128.const i64x2 0 0))
        (v128.store offset=112 (local.get $scratch) (v128.const i64x2 0 0))
        (local.set $i (i32.const 0))
        (loop $rowsIn
          (local.set $j (i32.const 0))
          (loop $colsIn
            (f32.store
              (i32.add (local.get $scratch) (i32.add (i32.shl (local.get $i) (i32.const 5)) (i32.shl (local.get $j) (i32.const 2))))
              (f32.load (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc))) (i32.shl (local.get $j) (i32.const 2)))))
            (br_if $colsIn (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $nr))))
          (br_if $rowsIn (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $mr))))))
    (call $kernel (local.get $pa) (local.get $pb) (local.get $kc) (local.get $scratch) (i32.const 32) (local.get $first))
    (local.set $i (i32.const 0))
    (loop $rows
      (local.set $j (i32.const 0))
      (loop $cols
        (local.set $src (i32.add (local.get $scratch) (i32.add (i32.shl (local.get $i) (i32.const 5)) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $dst (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc))) (i32.shl (local.get $j) (i32.const 2))))
        (f32.store (local.get $dst) (f32.load (local.get $src)))
        (br_if $cols (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $nr))))
      (br_if $rows (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $mr)))))

  ;; Packs n lines of depth kc into ⌈n/w⌉ micro-panels of w lines (w = 4 or 8), each kc×w k-major
  ;; (w·4 bytes per k), zero-padded past n. Line l at depth k is at src + l·ls + k·ks. One function
  ;; serves both operands: A's lines are the rows of op(A) (w = MR, ls = a_rs, ks = a_ks), B's the
  ;; columns of op(B) (w = NR, ls = b_js, ks = b_ks).
  (func $pack (param $src i32) (param $ls i32) (param $ks i32) (param $n i32) (param $kc i32) (param $w i32) (param $dst i32)
    (local $l i32) (local $lines i32) (local $k i32) (local $p i32) (local $wb i32)
    (local $h i32) (local $q i32) (local $d i32) (local $ls2 i32) (local $ls3 i32) (local $wb2 i32) (local $wb3 i32) (local $r i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $t0 v128) (local $t1 v128)
    (local.set $wb (i32.shl (local.get $w) (i32.const 2)))
    (local.set $wb2 (i32.shl (local.get $wb) (i32.const 1)))
    (local.set $wb3 (i32.add (local.get $wb2) (local.get $wb)))
    (local.set $ls2 (i32.shl (local.get $ls) (i32.const 1)))
    (local.set $ls3 (i32.add (local.get $ls2) (local.get $ls)))
    (local.set $l (i32.const 0))
    (loop $panels
      (local.set $lines (select (i32.sub (local.get $n) (local.get $l)) (local.get $w)
                                (i32.lt_u (i32.sub (local.get $n) (local.get $l)) (local.get $w))))
      (local.set $p (i32.add (local.get $src) (i32.mul (local.get $l) (local.get $ls))))
      (if (i32.and (i32.eq (local.get $lines) (local.get $w)) (i32.eq (local.get $ls) (i32.const 4)))
        (then ;; the w values of one k are contiguous (op(A) = Aᵀ, op(B) = B): w/4 vector copies per k
          (local.set $k (i32.const 0))
          (loop $kcopy
            (v128.store offset=0 (local.get $dst) (v128.load offset=0 (local.get $p)))
            (if (i32.eq (local.get $w) (i32.const 8))
              (then (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $p)))))
            (local.set $p (i32.add (local.get $p) (local.get $ks)))
            (local.set $dst (i32.add (local.get $dst) (local.get $wb)))
            (br_if $kcopy (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $kc)))))
        (else (if (i32.and (i32.eq (local.get $lines) (local.get $w)) (i32.eq (local.get $ks) (i32.const 4)))
          (then ;; each line is contiguous along k (op(A) = A, op(B) = Bᵀ): 4×4 transposes in registers,
                ;; for each group of 4 lines (h bytes into each k's w values) and 4 k at a time
            (local.set $h (i32.const 0))
            (loop $groups
              (local.set $q (i32.add (local.get $p) (i32.mul (i32.shr_u (local.get $h) (i32.const 2)) (local.get $ls))))
              (local.set $d (i32.add (local.get $dst) (local.get $h)))
              (local.set $k (i32.const 0))
              (block $done
                (loop $k4
                  (br_if $done (i32.gt_u (i32.add (local.get $k) (i32.const 4)) (local.get $kc)))
                  ;; v_r = line r at k..k+3; out_k = (v0[k], v1[k], v2[k], v3[k])
                  (local.set $v0 (v128.load (local.get $q)))
                  (local.set $v1 (v128.load (i32.add (local.get $q) (local.get $ls))))
                  (local.set $v2 (v128.load (i32.add (local.get $q) (local.get $ls2))))
                  (local.set $v3 (v128.load (i32.add (local.get $q) (local.get $ls3))))
                  (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v0) (local.get $v1))) ;; v0[0] v1[0] v0[1] v1[1]
                  (local.set $t1 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v2) (local.get $v3))) ;; v2[0] v3[0] v2[1] v3[1]
                  (v128.store (local.get $d) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1)))
                  (v128.store (i32.add (local.get $d) (local.get $wb)) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1)))
                  (local.set $t0 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v0) (local.get $v1))) ;; v0[2] v1[2] v0[3] v1[3]
                  (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v2) (local.get $v3))) ;; v2[2] v3[2] v2[3] v3[3]
                  (v128.store (i32.add (local.get $d) (local.get $wb2)) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1)))
                  (v128.store (i32.add (local.get $d) (local.get $wb3)) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1)))
                  (local.set $q (i32.add (local.get $q) (i32.const 16)))
                  (local.set $d (i32.add (local.get $d) (i32.shl (local.get $wb) (i32.const 2))))
                  (local.set $k (i32.add (local.get $k) (i32.const 4)))
                  (br $k4)))
              (block $tail ;; kc mod 4 last k, one at a time
                (loop $k1
                  (br_if $tail (i32.ge_u (local.get $k) (local.get $kc)))
                  (f32.store offset=0 (local.get $d) (f32.load (local.get $q)))
                  (f32.store offset=4 (local.get $d) (f32.load (i32.add (local.get $q) (local.get $ls))))
                  (f32.store offset=8 (local.get $d) (f32.load (i32.add (local.get $q) (local.get $ls2))))
                  (f32.store offset=12 (local.get $d) (f32.load (i32.add (local.get $q) (local.get $ls3))))
                  (local.set $q (i32.add (local.get $q) (i32.const 4)))
                  (local.set $d (i32.add (local.get $d) (local.get $wb)))
                  (local.set $k (i32.add (local.get $k) (i32.const 1)))
                  (br $k1)))
              (br_if $groups (i32.lt_u (local.tee $h (i32.add (local.get $h) (i32.const 16))) (local.get $wb))))
            (local.set $dst (i32.add (local.get $dst) (i32.mul (local.get $kc) (local.get $wb)))))
          (else ;; general or partial panel
            (local.set $k (i32.const 0))
            (loop $kp
              (local.set $r (i32.const 0))
              (loop $rp
                (f32.store (local.get $dst)
                  (if (result f32) (i32.lt_u (local.get $r) (local.get $lines))
                    (then (f32.load (i32.add (local.get $p) (i32.mul (local.get $r) (local.get $ls)))))
                    (else (f32.const 0))))
                (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
                (br_if $rp (i32.lt_u (local.tee $r (i32.add (local.get $r) (i32.const 1))) (local.get $w))))
              (local.set $p (i32.add (local.get $p) (local.get $ks)))
              (br_if $kp (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $kc))))))))
      (br_if $panels (i32.lt_u (local.tee $l (i32.add (local.get $l) (local.get $w))) (local.get $n)))))

  ;; C (M×N at c, rows ldc bytes apart) = op(A)·op(B) with op(A)[i, k] at a + i·a_rs + k·a_ks and
  ;; op(B)[k, j] at b + k·b_ks + j·b_js (strides in bytes). pa needs ⌈MC/4⌉·4·KC·4 bytes, pb
  ;; KC·⌈NC/8⌉·8·4 bytes and scratch 128 bytes. Requires M, N, K ≥ 1. A thread computing a band of
  ;; C's columns passes that band's b, c and N, with C's full ldc.
  (func (export "gemm") (param $M i32) (param $N i32) (param $K i32)
        (param $a i32) (param $a_rs i32) (param $a_ks i32)
        (param $b i32) (param $b_ks i32) (param $b_js i32)
        (param $c i32) (param $ldc i32) (param $pa i32) (param $pb i32) (param $scratch i32)
    (local $jc i32) (local $nc i32) (local $pc i32) (local $kc i32) (local $ic i32) (local $mc i32)
    (local $jr i32) (local $ir i32) (local $first i32)
    (local.set $jc (i32.const 0))
    (loop $jcl
      (local.set $nc (select (global.get $NC) (i32.sub (local.get $N) (local.get $jc))
                             (i32.lt_u (global.get $NC) (i32.sub (local.get $N) (local.get $jc)))))
      (local.set $pc (i32.const 0))
      (loop $pcl
        (local.set $kc (select (global.get $KC) (i32.sub (local.get $K) (local.get $pc))
                               (i32.lt_u (global.get $KC) (i32.sub (local.get $K) (local.get $pc)))))
        (local.set $first (i32.eqz (local.get $pc)))
        (call $pack (i32.add (local.get $b) (i32.add (i32.mul (local.get $pc) (local.get $b_ks)) (i32.mul (local.get $jc) (local.get $b_js))))
                    (local.get $b_js) (local.get $b_ks) (local.get $nc) (local.get $kc) (i32.const 8) (local.get $pb))
        (local.set $ic (i32.const 0))
        (loop $icl
          (local.set $mc (select (global.get $MC) (i32.sub (local.get $M) (local.get $ic))
                                 (i32.lt_u (global.get $MC) (i32.sub (local.get $M) (local.get $ic)))))
          (call $pack (i32.add (local.get $a) (i32.add (i32.mul (local.get $ic) (local.get $a_rs)) (i32.mul (local.get $pc) (local.get $a_ks))))
                      (local.get $a_rs) (local.get $a_ks) (local.get $mc) (local.get $kc) (i32.const 4) (local.get $pa))
          (local.set $jr (i32.const 0))
          (loop $jrl
            (local.set $ir (i32.const 0))
            (loop $irl
              (call $tile
                ;; micro-panel ir/4 of A is kc·16 bytes, panel jr/8 of B kc·32: both start at (ir or jr)·kc·4
                (i32.add (local.get $pa) (i32.mul (local.get $ir) (i32.shl (local.get $kc) (i32.const 2))))
                (i32.add (local.get $pb) (i32.mul (local.get $jr) (i32.shl (local.get $kc) (i32.const 2))))
                (local.get $kc)
                (i32.add (local.get $c) (i32.add (i32.mul (i32.add (local.get $ic) (local.get $ir)) (local.get $ldc))
                                                 (i32.shl (i32.add (local.get $jc) (local.get $jr)) (i32.const 2))))
                (local.get $ldc) (local.get $first)
                (select (i32.sub (local.get $mc) (local.get $ir)) (i32.const 4) (i32.lt_u (i32.sub (local.get $mc) (local.get $ir)) (i32.const 4)))
                (select (i32.sub (local.get $nc) (local.get $jr)) (i32.const 8) (i32.lt_u (i32.sub (local.get $nc) (local.get $jr)) (i32.const 8)))
                (local.get $scratch))
              (br_if $irl (i32.lt_u (local.tee $ir (i32.add (local.get $ir) (i32.const 4))) (local.get $mc))))
            (br_if $jrl (i32.lt_u (local.tee $jr (i32.add (local.get $jr) (i32.const 8))) (local.get $nc))))
          (br_if $icl (i32.lt_u (local.tee $ic (i32.add (local.get $ic) (global.get $MC))) (local.get $M))))
        (br_if $pcl (i32.lt_u (local.tee $pc (i32.add (local.get $pc) (global.get $KC))) (local.get $K))))
      (br_if $jcl (i32.lt_u (local.tee $jc (i32.add (local.get $jc) (global.get $NC))) (local.get $N)))))
)
