#!/usr/bin/env python3
"""numpy side of the ann benchmark suite (bench/src/main.mjs runs this as a child process).

The same workloads as the JavaScript systems, written the way the course writes them (vectorized
forward, backward and update on (n, m) arrays). Prints one JSON object on stdout.

usage: numpy_bench.py time <workload> <dtype> <reps>   -> {"ms": [...]}  one full step each
       numpy_bench.py rss <steps>                       -> {"maxRssKiB": n} after W1 training
       numpy_bench.py epoch <m> <reps>                  -> {"ms": [...]}  W1 data replicated to m
       numpy_bench.py info                              -> versions and BLAS
Workloads: W1 [12288,20,7,5,1] relu/sigmoid m=209; W2 [2,8,8,1] tanh/sigmoid m=500;
W3 [784,128,64,10] relu/softmax batch 128.
"""
import json
import resource
import sys
import time

import numpy as np

SHAPES = {
    "W1": ([12288, 20, 7, 5, 1], "relu", "sigmoid", 209),
    "W2": ([2, 8, 8, 1], "tanh", "sigmoid", 500),
    "W3": ([784, 128, 64, 10], "relu", "softmax", 128),
}


def make(workload, dtype, m=None):
    layers, hidden, head, m0 = SHAPES[workload]
    m = m or m0
    rng = np.random.RandomState(1)
    base = rng.rand(layers[0], min(m, m0))
    X = np.tile(base, (1, m // base.shape[1] + 1))[:, :m].astype(dtype)  # W1 replicated to m
    if head == "softmax":
        Y = np.eye(layers[-1], dtype=dtype)[:, rng.randint(0, layers[-1], m)]
    else:
        Y = (rng.rand(1, m) > 0.5).astype(dtype)
    params = []
    for l in range(1, len(layers)):
        W = (rng.randn(layers[l], layers[l - 1]) / np.sqrt(layers[l - 1])).astype(dtype)
        params.append([W, np.zeros((layers[l], 1), dtype=dtype)])
    return params, X, Y, hidden, head


def step(params, X, Y, hidden, head, lr=0.0075):
    """One full step: forward, backward, W -= lr·dW, b -= lr·db."""
    m = X.shape[1]
    A, caches = X, []
    L = len(params)
    for l, (W, b) in enumerate(params, start=1):
        Z = W @ A + b
        caches.append((A, Z))
        if l < L:
            A = np.maximum(Z, 0) if hidden == "relu" else np.tanh(Z)
        elif head == "sigmoid":
            A = 1 / (1 + np.exp(-Z))
        else:
            E = np.exp(Z - Z.max(axis=0, keepdims=True))
            A = E / E.sum(axis=0, keepdims=True)
    dZ = (A - Y) / m  # sigmoid + cross-entropy and softmax + cross-entropy share this form
    for l in range(L, 0, -1):
        W, b = params[l - 1]
        A_prev, _ = caches[l - 1]
        dW = dZ @ A_prev.T
        db = np.sum(dZ, axis=1, keepdims=True)
        if l > 1:
            dA = W.T @ dZ
            Z_prev = caches[l - 2][1]
            # tanh' = 1 - A², with A = A_prev the hidden layer's activation
            dZ = dA * (Z_prev > 0) if hidden == "relu" else dA * (1 - A_prev * A_prev)
        W -= lr * dW
        b -= lr * db


def timed(params, X, Y, hidden, head, reps):
    step(params, X, Y, hidden, head)  # warm-up
    out = []
    for _ in range(reps):
        t = time.perf_counter()
        step(params, X, Y, hidden, head)
        out.append((time.perf_counter() - t) * 1000)
    return out


def peak_rss_kib():
    """Peak resident set of this process in KiB: VmHWM from /proc (Linux), else getrusage's ru_maxrss.

    ru_maxrss is not used first because Linux carries it across fork and exec, so a child of a large
    parent reports at least the parent's peak; VmHWM belongs to this process's own address space.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def blas_threads():
    """OpenBLAS's thread count, asked of the loaded library itself (None if it cannot be found)."""
    import ctypes

    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "openblas" in line and line.split()[-1].startswith("/")}
    for path in paths:
        lib = ctypes.CDLL(path)
        for symbol in ("scipy_openblas_get_num_threads64_", "openblas_get_num_threads64_", "openblas_get_num_threads"):
            if hasattr(lib, symbol):
                return getattr(lib, symbol)()
    return None


def main():
    mode = sys.argv[1]
    if mode == "time":
        workload, dtype, reps = sys.argv[2], sys.argv[3], int(sys.argv[4])
        print(json.dumps({"ms": timed(*make(workload, dtype), reps)}))
    elif mode == "rss":
        params, X, Y, hidden, head = make("W1", "float64")
        for _ in range(int(sys.argv[2])):
            step(params, X, Y, hidden, head)
        print(json.dumps({"maxRssKiB": peak_rss_kib()}))
    elif mode == "baseline-rss":
        print(json.dumps({"maxRssKiB": peak_rss_kib()}))
    elif mode == "epoch":
        m, reps = int(sys.argv[2]), int(sys.argv[3])
        print(json.dumps({"ms": timed(*make("W1", "float64", m), reps)}))
    elif mode == "info":
        blas = np.show_config(mode="dicts").get("Build Dependencies", {}).get("blas", {})
        print(json.dumps({"numpy": np.__version__, "python": sys.version.split()[0],
                          "blas": f"{blas.get('name', '?')} {blas.get('version', '')}".strip(),
                          "blasThreads": blas_threads()}))


if __name__ == "__main__":
    main()
