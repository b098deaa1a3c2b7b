/**
 * Carrying out plans: one action per resource and per town object at a time, each followed by an
 * observation that started after it (so the next plan sees its effect), failures remembered with
 * jittered backoff, and the sling journal written durably before every {@code gt sling}.
 */
package io.gastown.agent.act;
