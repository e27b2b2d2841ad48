package io.switchboard.customer;

import java.util.NoSuchElementException;

/** The customer id names no profile. */
public class NoSuchCustomerException extends NoSuchElementException {

    public NoSuchCustomerException(String message) {
        super(message);
    }
}
