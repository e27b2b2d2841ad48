package io.switchboard.oversight;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the AI's answers are audited, and what the audits decide.
 *
 * @param sampleShare          share of the AI's answers (0 to 1) that land in the audit list, chosen
 *                             by a hash of the turn, the same on every member
 * @param minPerIntentPerWeek  the first this many answers of each intent in a week are audited
 *                             whatever the share, so rare intents are audited too
 * @param window               the audits that count for an intent's accuracy: answers given this long ago
 * @param minSample            graded answers an intent needs before its accuracy decides anything
 * @param demoteBelow          an intent that answers by itself drops to draft at once when the lower
 *                             bound of its audited accuracy's 95 % interval is below this (0.65: of 20
 *                             graded answers, 2 wrong keep it at 0.70, 3 wrong drop it at 0.64)
 * @param promoteAbove         an intent in draft is suggested for auto when the lower bound of the
 *                             share of its drafts agents sent as written is at least this (never automatic)
 * @param gapSimilarity        a question the knowledge could not answer joins the group of similar ones
 *                             whose centre is at least this close (cosine, in the gateway's embedding model)
 */
@ConfigurationProperties("switchboard.ai.audit")
public record AuditProperties(@DefaultValue("0.05") double sampleShare,
                              @DefaultValue("5") int minPerIntentPerWeek,
                              @DefaultValue("28d") Duration window,
                              @DefaultValue("20") int minSample,
                              @DefaultValue("0.65") double demoteBelow,
                              @DefaultValue("0.90") double promoteAbove,
                              @DefaultValue("0.80") double gapSimilarity) {

    public AuditProperties {
        if (sampleShare < 0 || sampleShare > 1) {
            throw new IllegalArgumentException("switchboard.ai.audit.sample-share is between 0 and 1, not " + sampleShare);
        }
        if (minPerIntentPerWeek < 0 || minSample < 1) {
            throw new IllegalArgumentException("switchboard.ai.audit.min-per-intent-per-week must be at least 0 and "
                    + "min-sample at least 1");
        }
        if (demoteBelow < 0 || demoteBelow > 1 || promoteAbove < 0 || promoteAbove > 1) {
            throw new IllegalArgumentException("switchboard.ai.audit.demote-below and promote-above are between 0 and 1");
        }
    }
}
