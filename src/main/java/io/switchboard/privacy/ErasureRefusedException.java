package io.switchboard.privacy;

/** An erasure that may not run now: a legal hold, or another erasure of the same customer in progress. */
public class ErasureRefusedException extends IllegalStateException {

    public ErasureRefusedException(String message) {
        super(message);
    }
}
