;; Float64 GEMM for the ann wasm backend: C = op(A)·op(B), overwriting C.
;;
;; Hand-written WebAssembly text with SIMD128, assembled by scripts/build-wasm.mjs (wabt) at build time.
;; Operands are addressed through byte strides, so a transpose is only a swap of strides: op(A)[i, k]
;; lives at a + i·a_rs + k·a_ks and op(B)[k, j] at b + k·b_ks + j·b_js. The transposes are therefore
;; folded into the packing, never materialised.
;;
;; Structure (Goto/BLIS): for each NC-wide block of columns and KC-deep slice of k, op(B) is packed
;; into 4-column micro-panels (k-major, zero-padded); for each MC-tall block of rows, op(A) is packed
;; into 4-row micro-panels; a 4×4 register tile (8 f64x2 accumulators, 2 B vectors, 1 broadcast A)
;; runs down k. Products with few rows and op(B) = B skip B's packing and read it in place (see
;; `gemm`): W1's Z1 = W1·X, where each packed element of X would serve only 20 rows. 4×4 rather than
;; 6×4: V8 gives wasm 15 usable xmm registers, and a 6×4 tile's 12 accumulators plus operands
;; spilled five of them to the stack on every k (seen in --print-wasm-code; so did unrolling k by
;; two, whose loads TurboFan hoists).
;;
;; Exactness: multiply then add (no FMA), and each tile's accumulators start from C's partial sums
;; (0 on the first k-slice), so every C[i, j] is ((0 + a₀b₀) + a₁b₁) + … in the order of k: the same
;; operations in the same order as the naive loop, hence bit-identical to the reference backend.
;;
;; Memory map (the JS side owns it): bytes 0..127 hold a scratch 4×4 tile for edge tiles; the
;; operands, C and both pack buffers live wherever the caller puts them. Several threads may run
;; `gemm` at once on one shared memory if each passes its own pack buffers, scratch tile and C columns.
(module
  ;; The memory is the host's: one module instance per thread, all on one memory. The build assembles
  ;; this source twice, as written and with the memory `shared` (for threads; see build-wasm.mjs).
  (import "env" "memory" (memory 1 65536))

  (global $MR i32 (i32.const 4))    ;; rows of the register tile (rows per packed A micro-panel)
  (global $NR i32 (i32.const 4))    ;; columns of the register tile (columns per packed B micro-panel)
  (global $MC i32 (i32.const 120))  ;; rows of op(A) per packed block: 120·KC·8 = 240 KiB, L2-resident (a multiple of 4)
  (global $KC i32 (i32.const 256))  ;; depth per slice: a 4-column B micro-panel is 8 KiB, L1-resident
  (global $NC i32 (i32.const 256))  ;; columns of op(B) per packed block: KC·NC·8 = 512 KiB (1024 measured slower on W1)
  (global $DIRECT_M i32 (i32.const 64))  ;; products with M ≤ this may read op(B) in place (see gemm)
  ;; Exported so the JS side sizes the pack buffers and thread bands from the same numbers.
  (export "MR" (global $MR))
  (export "NR" (global $NR))
  (export "MC" (global $MC))
  (export "KC" (global $KC))
  (export "NC" (global $NC))

  ;; The 4×4 register tile: C[0..3, 0..3] = (first ? 0 : C) + Σ_k pa[k, 0..3]ᵀ · pb[k, 0..3] over kc
  ;; steps, in the order of k. pa: packed A micro-panel (kc×4, k-major); pb: packed B micro-panel
  ;; (kc×4); c: top-left of the tile, ldc: C's row stride in bytes; first: start from 0 (1) or C (0).
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
    (local.set $end (i32.add (local.get $pa) (i32.shl (local.get $kc) (i32.const 5))))
    (loop $k
      (local.set $b0 (v128.load offset=0 (local.get $pb)))
      (local.set $b1 (v128.load offset=16 (local.get $pb)))
      (local.set $a (f64x2.splat (f64.load offset=0 (local.get $pa))))
      (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $a) (local.get $b0))))
      (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $a) (local.get $b1))))
      (local.set $a (f64x2.splat (f64.load offset=8 (local.get $pa))))
      (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $a) (local.get $b0))))
      (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $a) (local.get $b1))))
      (local.set $a (f64x2.splat (f64.load offset=16 (local.get $pa))))
      (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $a) (local.get $b0))))
      (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $a) (local.get $b1))))
      (local.set $a (f64x2.splat (f64.load offset=24 (local.get $pa))))
      (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $a) (local.get $b0))))
      (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $a) (local.get $b1))))
      (local.set $pa (i32.add (local.get $pa) (i32.const 32)))
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

  ;; The same tile with op(B) = B read in place: pb is op(B)[0, j] (its four values of one k are
  ;; contiguous) and bs the bytes from one k to the next (B's row stride). A copy of $kernel rather
  ;; than one kernel with a variable stride: the packed loop measured 3-4% slower with it.
  (func $kernel_direct (param $pa i32) (param $pb i32) (param $bs i32) (param $kc i32) (param $c i32) (param $ldc i32) (param $first i32)
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
    (local.set $end (i32.add (local.get $pa) (i32.shl (local.get $kc) (i32.const 5))))
    (loop $k
      (local.set $b0 (v128.load offset=0 (local.get $pb)))
      (local.set $b1 (v128.load offset=16 (local.get $pb)))
      (local.set $a (f64x2.splat (f64.load offset=0 (local.get $pa))))
      (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $a) (local.get $b0))))
      (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $a) (local.get $b1))))
      (local.set $a (f64x2.splat (f64.load offset=8 (local.get $pa))))
      (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $a) (local.get $b0))))
      (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $a) (local.get $b1))))
      (local.set $a (f64x2.splat (f64.load offset=16 (local.get $pa))))
      (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $a) (local.get $b0))))
      (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $a) (local.get $b1))))
      (local.set $a (f64x2.splat (f64.load offset=24 (local.get $pa))))
      (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $a) (local.get $b0))))
      (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $a) (local.get $b1))))
      (local.set $pa (i32.add (local.get $pa) (i32.const 32)))
      (local.set $pb (i32.add (local.get $pb) (local.get $bs)))
      (br_if $k (i32.lt_u (local.get $pa) (local.get $end))))
    (v128.store offset=0 (local.get $c) (local.get $c00))
    (v128.store offset=16 (local.get $c) (local.get $c01))
    (v128.store offset=0 (local.get $c1) (local.get $c10))
    (v128.store offset=16 (local.get $c1) (local.get $c11))
    (v128.store offset=0 (local.get $c2) (local.get $c20))
    (v128.store offset=16 (local.get $c2) (local.get $c21))
    (v128.store offset=0 (local.get $c3) (local.get $c30))
    (v128.store offset=16 (local.get $c3) (local.get $c31)))

  ;; One tile with mr ≤ 4 valid rows and nr ≤ 4 valid columns; pb is a packed micro-panel (bs = 32:
  ;; $kernel) or op(B) read in place (bs: its row stride, $kernel_direct; only with nr = 4; a stride
  ;; of 32 bytes is a packed panel's, so either kernel computes the same). A partial tile runs the
  ;; full kernel on the scratch tile (the packs are zero-padded; C's valid part is copied in first
  ;; when continuing a sum) and copies back only the valid part.
  (func $tile (param $pa i32) (param $pb i32) (param $kc i32) (param $c i32) (param $ldc i32) (param $first i32)
              (param $mr i32) (param $nr i32) (param $scratch i32) (param $bs i32)
    (local $i i32) (local $j i32) (local $src i32) (local $dst i32)
    (if (i32.and (i32.eq (local.get $mr) (i32.const 4)) (i32.eq (local.get $nr) (i32.const 4)))
      (then
        (if (i32.eq (local.get $bs) (i32.const 32))
          (then (call $kernel (local.get $pa) (local.get $pb) (local.get $kc) (local.get $c) (local.get $ldc) (local.get $first)))
          (else (call $kernel_direct (local.get $pa) (local.get $pb) (local.get $bs) (local.get $kc) (local.get $c) (local.get $ldc) (local.get $first))))
        (return)))
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
            (f64.store
              (i32.add (local.get $scratch) (i32.add (i32.shl (local.get $i) (i32.const 5)) (i32.shl (local.get $j) (i32.const 3))))
              (f64.load (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc))) (i32.shl (local.get $j) (i32.const 3)))))
            (br_if $colsIn (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $nr))))
          (br_if $rowsIn (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $mr))))))
    (if (i32.eq (local.get $bs) (i32.const 32))
      (then (call $kernel (local.get $pa) (local.get $pb) (local.get $kc) (local.get $scratch) (i32.const 32) (local.get $first)))
      (else (call $kernel_direct (local.get $pa) (local.get $pb) (local.get $bs) (local.get $kc) (local.get $scratch) (i32.const 32) (local.get $first))))
    (local.set $i (i32.const 0))
    (loop $rows
      (local.set $j (i32.const 0))
      (loop $cols
        (local.set $src (i32.add (local.get $scratch) (i32.add (i32.shl (local.get $i) (i32.const 5)) (i32.shl (local.get $j) (i32.const 3)))))
        (local.set $dst (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc))) (i32.shl (local.get $j) (i32.const 3))))
        (f64.store (local.get $dst) (f64.load (local.get $src)))
        (br_if $cols (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $nr))))
      (br_if $rows (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $mr)))))

  ;; Packs op(A)[0..mc-1, 0..kc-1] (element (i, k) at src + i·rs + k·ks) into ⌈mc/4⌉ micro-panels,
  ;; each kc×4 k-major, zero-padded past mc.
  (func $pack_a (param $src i32) (param $rs i32) (param $ks i32) (param $mc i32) (param $kc i32) (param $dst i32)
    (local $i i32) (local $mr i32) (local $k i32) (local $p i32) (local $r i32)
    (local $rs2 i32) (local $vx v128) (local $vy v128)
    (local.set $rs2 (i32.shl (local.get $rs) (i32.const 1)))
    (local.set $i (i32.const 0))
    (loop $panels
      (local.set $mr (select (i32.sub (local.get $mc) (local.get $i)) (i32.const 4)
                             (i32.lt_u (i32.sub (local.get $mc) (local.get $i)) (i32.const 4))))
      (local.set $p (i32.add (local.get $src) (i32.mul (local.get $i) (local.get $rs))))
      (local.set $k (i32.const 0))
      (if (i32.and (i32.eq (local.get $mr) (i32.const 4)) (i32.eq (local.get $rs) (i32.const 8)))
        (then ;; op(A) = Aᵀ: the four values of one k are contiguous
          (loop $k4c
            (v128.store offset=0 (local.get $dst) (v128.load offset=0 (local.get $p)))
            (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $p)))
            (local.set $p (i32.add (local.get $p) (local.get $ks)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
            (br_if $k4c (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $kc)))))
        (else (if (i32.and (i32.eq (local.get $mr) (i32.const 4)) (i32.eq (local.get $ks) (i32.const 8)))
          (then ;; op(A) = A: four row streams, two k at a time, transposed 2×2 in registers
            (local.set $r (i32.add (local.get $p) (local.get $rs))) ;; row i+1
            (block $done
              (loop $k4t
                (br_if $done (i32.gt_u (i32.add (local.get $k) (i32.const 2)) (local.get $kc)))
                (local.set $vx (v128.load (local.get $p)))
                (local.set $vy (v128.load (local.get $r)))
                (v128.store offset=0 (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $vx) (local.get $vy)))
                (v128.store offset=32 (local.get $dst) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $vx) (local.get $vy)))
                (local.set $vx (v128.load (i32.add (local.get $p) (local.get $rs2))))
                (local.set $vy (v128.load (i32.add (local.get $r) (local.get $rs2))))
                (v128.store offset=0 (i32.add (local.get $dst) (i32.const 16)) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $vx) (local.get $vy)))
                (v128.store offset=32 (i32.add (local.get $dst) (i32.const 16)) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $vx) (local.get $vy)))
                (local.set $p (i32.add (local.get $p) (i32.const 16)))
                (local.set $r (i32.add (local.get $r) (i32.const 16)))
                (local.set $dst (i32.add (local.get $dst) (i32.const 64)))
                (local.set $k (i32.add (local.get $k) (i32.const 2)))
                (br $k4t)))
            (if (i32.lt_u (local.get $k) (local.get $kc)) ;; odd kc: the last k
              (then
                (f64.store offset=0 (local.get $dst) (f64.load (local.get $p)))
                (f64.store offset=8 (local.get $dst) (f64.load (local.get $r)))
                (f64.store offset=16 (local.get $dst) (f64.load (i32.add (local.get $p) (i32.shl (local.get $rs) (i32.const 1)))))
                (f64.store offset=24 (local.get $dst) (f64.load (i32.add (local.get $r) (i32.shl (local.get $rs) (i32.const 1)))))
                (local.set $dst (i32.add (local.get $dst) (i32.const 32))))))
          (else ;; general or partial panel
            (loop $kp
              (local.set $r (i32.const 0))
              (loop $rp
                (f64.store (local.get $dst)
                  (if (result f64) (i32.lt_u (local.get $r) (local.get $mr))
                    (then (f64.load (i32.add (local.get $p) (i32.mul (local.get $r) (local.get $rs)))))
                    (else (f64.const 0))))
                (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
                (br_if $rp (i32.lt_u (local.tee $r (i32.add (local.get $r) (i32.const 1))) (i32.const 4))))
              (local.set $p (i32.add (local.get $p) (local.get $ks)))
              (br_if $kp (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $kc))))))))
      (br_if $panels (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (local.get $mc)))))

  ;; Packs op(B)[0..kc-1, 0..nc-1] (element (k, j) at src + k·ks + j·js) into ⌈nc/4⌉ micro-panels,
  ;; each kc×4 k-major, zero-padded past nc.
  (func $pack_b (param $src i32) (param $ks i32) (param $js i32) (param $kc i32) (param $nc i32) (param $dst i32)
    (local $j i32) (local $nr i32) (local $k i32) (local $p i32) (local $r i32)
    (local $js2 i32) (local $vx v128) (local $vy v128)
    (local.set $js2 (i32.shl (local.get $js) (i32.const 1)))
    (local.set $j (i32.const 0))
    (loop $panels
      (local.set $nr (select (i32.sub (local.get $nc) (local.get $j)) (i32.const 4)
                             (i32.lt_u (i32.sub (local.get $nc) (local.get $j)) (i32.const 4))))
      (local.set $p (i32.add (local.get $src) (i32.mul (local.get $j) (local.get $js))))
      (local.set $k (i32.const 0))
      (if (i32.and (i32.eq (local.get $nr) (i32.const 4)) (i32.eq (local.get $js) (i32.const 8)))
        (then ;; op(B) = B: four contiguous values per k
          (loop $k4c
            (v128.store offset=0 (local.get $dst) (v128.load offset=0 (local.get $p)))
            (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $p)))
            (local.set $p (i32.add (local.get $p) (local.get $ks)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
            (br_if $k4c (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $kc)))))
        (else (if (i32.and (i32.eq (local.get $nr) (i32.const 4)) (i32.eq (local.get $ks) (i32.const 8)))
          (then ;; op(B) = Bᵀ: four row streams, two k at a time, transposed 2×2 in registers
            (local.set $r (i32.add (local.get $p) (local.get $js))) ;; row j+1
            (block $done
              (loop $k4t
                (br_if $done (i32.gt_u (i32.add (local.get $k) (i32.const 2)) (local.get $kc)))
                ;; rows j, j+1 at k, k+1 -> (B[j,k], B[j+1,k]) and (B[j,k+1], B[j+1,k+1])
                (local.set $vx (v128.load (local.get $p)))
                (local.set $vy (v128.load (local.get $r)))
                (v128.store offset=0 (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $vx) (local.get $vy)))
                (v128.store offset=32 (local.get $dst) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $vx) (local.get $vy)))
                (local.set $vx (v128.load (i32.add (local.get $p) (local.get $js2))))
                (local.set $vy (v128.load (i32.add (local.get $r) (local.get $js2))))
                (v128.store offset=0 (i32.add (local.get $dst) (i32.const 16)) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $vx) (local.get $vy)))
                (v128.store offset=32 (i32.add (local.get $dst) (i32.const 16)) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $vx) (local.get $vy)))
                (local.set $p (i32.add (local.get $p) (i32.const 16)))
                (local.set $r (i32.add (local.get $r) (i32.const 16)))
                (local.set $dst (i32.add (local.get $dst) (i32.const 64)))
                (local.set $k (i32.add (local.get $k) (i32.const 2)))
                (br $k4t)))
            (if (i32.lt_u (local.get $k) (local.get $kc)) ;; odd kc: the last k
              (then
                (f64.store offset=0 (local.get $dst) (f64.load (local.get $p)))
                (f64.store offset=8 (local.get $dst) (f64.load (local.get $r)))
                (f64.store offset=16 (local.get $dst) (f64.load (i32.add (local.get $p) (i32.shl (local.get $js) (i32.const 1)))))
                (f64.store offset=24 (local.get $dst) (f64.load (i32.add (local.get $r) (i32.shl (local.get $js) (i32.const 1)))))
                (local.set $dst (i32.add (local.get $dst) (i32.const 32))))))
          (else ;; general or partial panel
            (loop $kp
              (local.set $r (i32.const 0))
              (loop $rp
                (f64.store (local.get $dst)
                  (if (result f64) (i32.lt_u (local.get $r) (local.get $nr))
                    (then (f64.load (i32.add (local.get $p) (i32.mul (local.get $r) (local.get $js)))))
                    (else (f64.const 0))))
                (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
                (br_if $rp (i32.lt_u (local.tee $r (i32.add (local.get $r) (i32.const 1))) (i32.const 4))))
              (local.set $p (i32.add (local.get $p) (local.get $ks)))
              (br_if $kp (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $kc))))))))
      (br_if $panels (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 4))) (local.get $nc)))))

  ;; Reads one word of every 64-byte line of `rows` rows of `bytes` bytes (row r at p + r·stride), in
  ;; address order, so that the lines are in cache before a kernel reads them in place in its own
  ;; order: a sequential sweep is prefetched by the hardware, a kernel's strided or short reads are
  ;; not (it waits on each miss; W1's Z1 read in place without this sweep was 10-15% slower than
  ;; packing). The words are xor-ed into scratch[128..131], so nothing is elided.
  (func $touch (param $p i32) (param $rows i32) (param $stride i32) (param $bytes i32) (param $scratch i32)
    (local $q i32) (local $end i32) (local $x i32)
    (if (i32.eqz (local.get $rows)) (then (return)))
    (loop $rowl
      (local.set $q (local.get $p))
      (local.set $end (i32.add (local.get $p) (local.get $bytes)))
      (loop $line
        (local.set $x (i32.xor (local.get $x) (i32.load (local.get $q))))
        (br_if $line (i32.lt_u (local.tee $q (i32.add (local.get $q) (i32.const 64))) (local.get $end))))
      (local.set $x (i32.xor (local.get $x) (i32.load (i32.sub (local.get $end) (i32.const 4)))))
      (local.set $p (i32.add (local.get $p) (local.get $stride)))
      (br_if $rowl (local.tee $rows (i32.sub (local.get $rows) (i32.const 1)))))
    (i32.store offset=128 (local.get $scratch) (local.get $x)))

  ;; (The 2×2 transposes in both packers are written inline, as (v128.load x) (v128.load y) and two
  ;; i8x16.shuffle: V8 does not inline wasm calls, and a call per four values cost a third of a pack.)

  ;; C (M×N at c, rows ldc bytes apart) = op(A)·op(B) with op(A)[i, k] at a + i·a_rs + k·a_ks and
  ;; op(B)[k, j] at b + k·b_ks + j·b_js (strides in bytes). pa needs ⌈MC/4⌉·4·KC·8 bytes, pb
  ;; KC·⌈NC/4⌉·4·8 bytes and scratch 128 bytes. Requires M, N, K ≥ 1. A thread computing a band of
  ;; C's columns passes that band's b, c and N, with C's full ldc.
  (func (export "gemm") (param $M i32) (param $N i32) (param $K i32)
        (param $a i32) (param $a_rs i32) (param $a_ks i32)
        (param $b i32) (param $b_ks i32) (param $b_js i32)
        (param $c i32) (param $ldc i32) (param $pa i32) (param $pb i32) (param $scratch i32)
    (local $jc i32) (local $nc i32) (local $pc i32) (local $kc i32) (local $ic i32) (local $mc i32)
    (local $jr i32) (local $ir i32) (local $first i32)
    (local $direct i32) (local $full i32) (local $bk i32) (local $tb i32) (local $tbs i32)
    ;; With few rows (M ≤ DIRECT_M) each packed element of op(B) would serve only M/4 tiles, so when
    ;; op(B) = B (its 4 columns of one k contiguous) the kernel reads B in place, row stride b_ks,
    ;; instead of packing it; only a partial last panel of a block is packed. W1's Z1 = W1·X (M = 20)
    ;; ran 12% faster; from M ≈ 64 up it measured the same as packing. Not when B's rows are a
    ;; multiple of 4 KiB apart: a slice's rows then share a few cache sets and evict each other
    ;; (25-40% slower at N = 512 and 1024). (op(B) = Bᵀ read in place, with the vector lanes along M
    ;; and B broadcast from its rows, measured 20% slower than packing, even in cache: not done.)
    (local.set $direct (i32.and (i32.and (i32.le_u (local.get $M) (global.get $DIRECT_M)) (i32.eq (local.get $b_js) (i32.const 8)))
                                (i32.ne (i32.and (local.get $b_ks) (i32.const 4095)) (i32.const 0))))
    (local.set $jc (i32.const 0))
    (loop $jcl
      (local.set $nc (select (global.get $NC) (i32.sub (local.get $N) (local.get $jc))
                             (i32.lt_u (global.get $NC) (i32.sub (local.get $N) (local.get $jc)))))
      ;; the columns read in place: whole 4-column panels when direct, none otherwise
      (local.set $full (select (i32.and (local.get $nc) (i32.const -4)) (i32.const 0) (local.get $direct)))
      (local.set $pc (i32.const 0))
      (loop $pcl
        (local.set $kc (select (global.get $KC) (i32.sub (local.get $K) (local.get $pc))
                               (i32.lt_u (global.get $KC) (i32.sub (local.get $K) (local.get $pc)))))
        (local.set $first (i32.eqz (local.get $pc)))
        ;; op(B)[pc, jc]
        (local.set $bk (i32.add (local.get $b) (i32.add (i32.mul (local.get $pc) (local.get $b_ks)) (i32.mul (local.get $jc) (local.get $b_js)))))
        (if (local.get $direct) ;; bring the slice into cache in address order first (see $touch)
          (then (call $touch (local.get $bk) (local.get $kc) (local.get $b_ks) (i32.shl (local.get $nc) (i32.const 3)) (local.get $scratch))))
        (if (i32.lt_u (local.get $full) (local.get $nc))
          (then (call $pack_b (i32.add (local.get $bk) (i32.mul (local.get $full) (local.get $b_js)))
                              (local.get $b_ks) (local.get $b_js) (local.get $kc) (i32.sub (local.get $nc) (local.get $full)) (local.get $pb))))
        (local.set $ic (i32.const 0))
        (loop $icl
          (local.set $mc (select (global.get $MC) (i32.sub (local.get $M) (local.get $ic))
                                 (i32.lt_u (global.get $MC) (i32.sub (local.get $M) (local.get $ic)))))
          (call $pack_a (i32.add (local.get $a) (i32.add (i32.mul (local.get $ic) (local.get $a_rs)) (i32.mul (local.get $pc) (local.get $a_ks))))
                        (local.get $a_rs) (local.get $a_ks) (local.get $mc) (local.get $kc) (local.get $pa))
          (local.set $jr (i32.const 0))
          (loop $jrl
            (if (i32.lt_u (local.get $jr) (local.get $full))
              (then ;; a whole panel read in place: op(B)[pc, jc + jr], one row of B per k
                (local.set $tb (i32.add (local.get $bk) (i32.shl (local.get $jr) (i32.const 3))))
                (local.set $tbs (local.get $b_ks)))
              (else ;; packed, from the panels past `full`
                (local.set $tb (i32.add (local.get $pb) (i32.mul (i32.sub (local.get $jr) (local.get $full)) (i32.shl (local.get $kc) (i32.const 3)))))
                (local.set $tbs (i32.const 32))))
            (local.set $ir (i32.const 0))
            (loop $irl
              (call $tile
                (i32.add (local.get $pa) (i32.mul (local.get $ir) (i32.shl (local.get $kc) (i32.const 3))))
                (local.get $tb)
                (local.get $kc)
                (i32.add (local.get $c) (i32.add (i32.mul (i32.add (local.get $ic) (local.get $ir)) (local.get $ldc))
                                                 (i32.shl (i32.add (local.get $jc) (local.get $jr)) (i32.const 3))))
                (local.get $ldc) (local.get $first)
                (select (i32.sub (local.get $mc) (local.get $ir)) (i32.const 4) (i32.lt_u (i32.sub (local.get $mc) (local.get $ir)) (i32.const 4)))
                (select (i32.sub (local.get $nc) (local.get $jr)) (i32.const 4) (i32.lt_u (i32.sub (local.get $nc) (local.get $jr)) (i32.const 4)))
                (local.get $scratch) (local.get $tbs))
              (br_if $irl (i32.lt_u (local.tee $ir (i32.add (local.get $ir) (i32.const 4))) (local.get $mc))))
            (br_if $jrl (i32.lt_u (local.tee $jr (i32.add (local.get $jr) (i32.const 4))) (local.get $nc))))
          (br_if $icl (i32.lt_u (local.tee $ic (i32.add (local.get $ic) (global.get $MC))) (local.get $M))))
        (br_if $pcl (i32.lt_u (local.tee $pc (i32.add (local.get $pc) (global.get $KC))) (local.get $K))))
      (br_if $jcl (i32.lt_u (local.tee $jc (i32.add (local.get $jc) (global.get $NC))) (local.get $N)))))
)
