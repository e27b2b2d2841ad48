package io.switchboard.routing;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Multinomial logistic regression (softmax, L2) trained with mini-batch Adam. Adam is applied
 * lazily, only to the features a batch touches, so sparse n-gram features with tens of thousands
 * of dimensions train as fast as a dense embedding. Deterministic for a given seed.
 */
final class SoftmaxRegression {

    /** How to train: passes over the data, batch size, Adam step size, L2 strength, shuffle seed. */
    record Training(int epochs, int batchSize, double learningRate, double l2, long seed) {
    }

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final int classes;
    /** Row-major by feature: the weights of feature f are {@code [f * classes, (f + 1) * classes)}. */
    private final float[] weights;
    private final float[] bias;

    private SoftmaxRegression(int classes, float[] weights, float[] bias) {
        this.classes = classes;
        this.weights = weights;
        this.bias = bias;
    }

    static SoftmaxRegression train(List<SparseVector> xs, int[] labels, int features, int classes, Training training) {
        int n = xs.size();
        float[] w = new float[features * classes];
        float[] b = new float[classes];
        float[] gradW = new float[w.length];
        float[] m = new float[w.length];
        float[] v = new float[w.length];
        double[] gradB = new double[classes];
        double[] mb = new double[classes];
        double[] vb = new double[classes];
        int[] touchedAt = new int[features];
        Arrays.fill(touchedAt, -1);
        int[] touched = new int[features];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(training.seed());
        double[] p = new double[classes];
        int step = 0;
        for (int epoch = 0; epoch < training.epochs(); epoch++) {
            shuffle(order, random);
            for (int start = 0; start < n; start += training.batchSize()) {
                int end = Math.min(n, start + training.batchSize());
                float scale = 1f / (end - start);
                int touchedCount = 0;
                for (int k = start; k < end; k++) {
                    SparseVector x = xs.get(order[k]);
                    softmax(x, w, b, classes, p);
                    p[labels[order[k]]] -= 1;
                    for (int c = 0; c < classes; c++) {
                        gradB[c] += p[c] * scale;
                    }
                    for (int j = 0; j < x.indices().length; j++) {
                        int f = x.indices()[j];
                        if (touchedAt[f] != step) {
                            touchedAt[f] = step;
                            touched[touchedCount++] = f;
                        }
                        float xv = x.values()[j] * scale;
                        int row = f * classes;
                        for (int c = 0; c < classes; c++) {
                            gradW[row + c] += (float) (p[c] * xv);
                        }
                    }
                }
                step++;
                double lr = training.learningRate() * Math.sqrt(1 - Math.pow(BETA2, step)) / (1 - Math.pow(BETA1, step));
                float l2 = (float) training.l2();
                for (int t = 0; t < touchedCount; t++) {
                    int row = touched[t] * classes;
                    for (int i = row; i < row + classes; i++) {
                        float g = gradW[i] + l2 * w[i];
                        m[i] = (float) (BETA1 * m[i] + (1 - BETA1) * g);
                        v[i] = (float) (BETA2 * v[i] + (1 - BETA2) * g * g);
                        w[i] -= (float) (lr * m[i] / (Math.sqrt(v[i]) + EPSILON));
                        gradW[i] = 0;
                    }
                }
                for (int c = 0; c < classes; c++) {
                    mb[c] = BETA1 * mb[c] + (1 - BETA1) * gradB[c];
                    vb[c] = BETA2 * vb[c] + (1 - BETA2) * gradB[c] * gradB[c];
                    b[c] -= (float) (lr * mb[c] / (Math.sqrt(vb[c]) + EPSILON));
                    gradB[c] = 0;
                }
            }
        }
        return new SoftmaxRegression(classes, w, b);
    }

    /** The probability of each class for {@code x}, written into {@code out}. */
    void probabilities(SparseVector x, double[] out) {
        softmax(x, weights, bias, classes, out);
    }

    private static void softmax(SparseVector x, float[] w, float[] b, int classes, double[] out) {
        float[] logits = new float[classes];
        System.arraycopy(b, 0, logits, 0, classes);
        for (int j = 0; j < x.indices().length; j++) {
            float xv = x.values()[j];
            int row = x.indices()[j] * classes;
            for (int c = 0; c < classes; c++) {
                logits[c] += xv * w[row + c];
            }
        }
        float max = Float.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            out[c] = Math.exp(logits[c] - max);
            sum += out[c];
        }
        for (int c = 0; c < classes; c++) {
            out[c] /= sum;
        }
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
    }
}
