package io.switchboard.routing;

/**
 * A feature vector stored as its non-zero entries; a dense embedding is the case where every index
 * is present, so one regression trainer serves both the embedding and the n-gram features.
 */
record SparseVector(int[] indices, float[] values) {

    SparseVector {
        if (indices.length != values.length) {
            throw new IllegalArgumentException("indices and values differ in length");
        }
    }

    static SparseVector dense(float[] values) {
        int[] indices = new int[values.length];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = i;
        }
        return new SparseVector(indices, values);
    }
}
