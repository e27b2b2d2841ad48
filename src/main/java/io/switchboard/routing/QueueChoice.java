package io.switchboard.routing;

/**
 * Which queue a person answers in: the intent's when it exists, else the default; and, for a
 * customer writing in a language the AI does not answer in, a queue whose people have that language
 * skill when the chosen one has not.
 */
final class QueueChoice {

    private final QueueCatalog catalog;
    private final RoutingProperties properties;

    QueueChoice(QueueCatalog catalog, RoutingProperties properties) {
        this.catalog = catalog;
        this.properties = properties;
    }

    String choose(String intentQueue, String language) {
        String queue = intentQueue != null && catalog.exists(intentQueue) ? intentQueue : properties.defaultQueue();
        if (language == null || properties.aiLanguages().contains(language)
                || catalog.skills(queue).contains("language:" + language)) {
            return queue;
        }
        return catalog.withSkill("language:" + language).orElse(queue);
    }
}
