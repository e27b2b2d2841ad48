package io.switchboard.privacy;

/**
 * A feature that keeps personal data takes part in exports and erasures through this. Holders are
 * asked in their {@link org.springframework.core.annotation.Order order} to {@link #widen} the
 * subject (the customer profiles first, then their conversations, then what hangs off those), each
 * writes its part of an export, and they erase in the reverse order, so what is found through
 * something is removed before that something.
 */
public interface PersonalDataHolder {

    /** What this holder keeps, for logs and the erasure's report: {@code conversations}, {@code mail}, ... */
    String kind();

    /** The subject with what this holder knows belongs to them added; the same subject when nothing. */
    default DataSubject widen(DataSubject subject) {
        return subject;
    }

    /** Writes what this holder keeps about the subject into the archive. */
    void export(DataSubject subject, SubjectArchive archive);

    /**
     * Removes, or irreversibly anonymises, what this holder keeps about the subject; anonymous facts
     * (counts, durations, scores without text) may stay. Returns how many items it removed.
     * Repeating it removes nothing more: an erasure cut short is finished by asking again.
     */
    long erase(DataSubject subject);
}
