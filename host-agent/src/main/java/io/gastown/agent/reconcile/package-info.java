/**
 * The join of every cluster's desired state with the latest town snapshot: desired changes are
 * planned at once (low latency), every observation re-plans everything (level-triggered), and rig
 * names are bound to one cluster at a time.
 */
package io.gastown.agent.reconcile;
