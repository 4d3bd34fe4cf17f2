// Regenerates src/onnx/proto/onnx_pb.ts from the vendored onnx.proto with buf and protoc-gen-es
// (both dev dependencies). The generated file is committed, so building and testing never need
// this step; run it (`pnpm run generate:onnx`) only after replacing onnx.proto.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const protoDir = join(root, 'src', 'onnx', 'proto');
const bin = join(root, 'node_modules', '.bin');
execFileSync(join(bin, 'buf'), ['generate', '--template', 'buf.gen.yaml', '.'], {
  cwd: protoDir,
  stdio: 'inherit',
  env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` },
});
console.log(`wrote ${join(protoDir, 'onnx_pb.ts')}`);
