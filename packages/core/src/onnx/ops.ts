// The ops of ann's own parts of an ONNX graph, besides the network's layers: exportOnnx writes them
// and importOnnx reads them back, so both lists are built from these.

/** Preprocessing: the scalers (Sub, Mul, Div) and the feature expansion (Gather, Mul, Sin, Cos, Concat). */
export const PREPROCESSING_OPS = ['Sub', 'Mul', 'Div', 'Gather', 'Sin', 'Cos', 'Concat'] as const;
/** The label output computed from the probabilities: ArgMax (softmax) or Greater then Cast (sigmoid). */
export const LABEL_OPS = ['ArgMax', 'Greater', 'Cast'] as const;
