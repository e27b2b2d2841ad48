/**
 * Customers' rights over their data: export everything held about a customer as one archive, erase
 * it everywhere it lives, and the legal holds that stop an erasure. Each feature that keeps personal
 * data takes part through {@link io.switchboard.privacy.PersonalDataHolder}; this package knows none
 * of them.
 */
package io.switchboard.privacy;
