/**
 * The join of every cluster's desired state with the latest town snapshot: desired changes are
 * planned at once (low latency), an observation re-plans everything when anything changed
 * (level-triggered) and otherwise only what depends on the time ({@code ReplanScope}), and rig
 * names are bound to one cluster at a time.
 */
package io.gastown.agent.reconcile;
