/**
 * One outbound gRPC stream per cluster. Hello carries the inventory (uid → generation, acked status
 * hash), the relay answers with a resync framed by ResyncBegin/ResyncEnd; the {@link
 * io.gastown.agent.link.DesiredStore} buffers the resync and applies it only at its end, so an
 * interrupted resync removes nothing. Reconnects use full-jitter backoff forever; heartbeat silence
 * and clock jumps (sleep) force a fresh connection; the bearer token is re-read on every dial.
 */
package io.gastown.agent.link;
