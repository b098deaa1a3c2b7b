package io.gastown.agent.town;

/**
 * The arguments of one {@code gt sling}; every value has been validated; empty strings are absent.
 *
 * @param beadId the bead to sling
 * @param rigName gt's rig name
 * @param agent {@code --agent}
 * @param subject {@code --subject}
 * @param message {@code --message}
 * @param merge {@code --merge} (direct, mr, local)
 * @param baseBranch {@code --base-branch}
 */
public record SlingRequest(
    String beadId,
    String rigName,
    String agent,
    String subject,
    String message,
    String merge,
    String baseBranch) {}
