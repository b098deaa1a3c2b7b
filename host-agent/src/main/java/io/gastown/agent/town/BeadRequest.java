package io.gastown.agent.town;

/**
 * A bead to create with {@code bd create} in a rig's beads; every value has been validated.
 *
 * @param rigName gt's rig name: bd runs in {@code <town>/<rig>}, so the bead gets the rig's prefix
 * @param title {@code --title}
 * @param description {@code --description}, empty for none
 * @param label a label unique to the requester: a bead carrying it is the one made for it (the
 *     witness that makes creation idempotent across crashes)
 */
public record BeadRequest(String rigName, String title, String description, String label) {}
