// The part of jsfive's API that hdf5.ts uses (jsfive ships no type declarations).
declare module 'jsfive' {
  export class Dataset {
    readonly name: string;
    readonly shape: number[];
    /** numpy-style dtype: `<u1`, `<i8`, `<f8`, `S7`, or an object for compound/vlen types. */
    readonly dtype: string | object;
    readonly value: ArrayLike<number | bigint | string>;
  }
  export class Group {
    readonly name: string;
    readonly keys: string[];
    get(path: string): Group | Dataset;
  }
  export class File extends Group {
    constructor(buffer: ArrayBuffer, filename?: string);
  }
}
