/**
 * Who is writing: addresses normalised per channel, the address index and customer profiles in
 * Hazelcast, links and merges made only on evidence (audited and reversible), claimed addresses
 * and their confirmation, channel preference and opt-outs.
 */
package io.switchboard.customer;
