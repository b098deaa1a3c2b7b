/**
 * Every decision the agent makes, as pure functions: {@code plan(desired, observed, facts) →
 * actions + status}. No I/O, no clocks, no randomness (time comes in the input), so each branch is
 * a plain unit test. gt's own state is the first witness (a present rig, a hooked bead); the
 * agent's facts (last failure with its backoff, an in-flight sling from the journal) cover what gt
 * cannot yet show.
 */
package io.gastown.agent.plan;
