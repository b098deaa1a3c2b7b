/**
 * Status delivery to one relay: one entry per resource (newest wins), sent only when it differs
 * from the last acknowledged status, resent until acknowledged; events ride inside reports until a
 * report carrying them is acknowledged. {@link io.gastown.agent.report.StatusHash} is what both
 * sides compare in the inventory.
 */
package io.gastown.agent.report;
