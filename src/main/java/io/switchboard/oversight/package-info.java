/**
 * Oversight of the AI: a sample of what it answered is graded by people, its audited accuracy (with
 * a confidence interval) is shown per intent and week, an intent whose accuracy falls is taken back
 * from answering by itself at once, and one whose drafts agents send as written is suggested for
 * more. It sits on top: it reads conversations, routing's autonomy and the inbox's draft outcomes,
 * and nothing depends on it (the routes call it by name).
 */
package io.switchboard.oversight;
