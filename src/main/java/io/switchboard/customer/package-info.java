/**
 * Who is writing: the identify step of the inbound pipeline, addresses normalised per channel, the
 * address index and customer profiles in Hazelcast, links and merges made only on evidence (audited
 * and reversible), claimed addresses and their confirmation, and the customer's facts: one phone
 * number on every phone channel, a stated or set preferred channel, consent (opt-outs).
 */
package io.switchboard.customer;
