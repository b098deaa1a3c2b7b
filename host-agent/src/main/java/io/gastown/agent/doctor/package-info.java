/**
 * {@code host-agent doctor}: checks everything the agent needs — Java, gt, bd, tmux and their
 * versions, the town, the configuration, the credentials, and each relay by a real TLS handshake
 * and a probe {@code Hello} — and prints one line per check: OK, WARN or FAIL with what to fix.
 *
 * <p>Checks return {@link io.gastown.agent.doctor.Finding}s; only {@link
 * io.gastown.agent.doctor.Doctor} prints. The relay check sends a Hello declaring the capability
 * {@code probe}: a relay that knows it answers Welcome and ends the stream without opening a
 * session, so running doctor beside a running agent never supersedes the agent's session.
 */
package io.gastown.agent.doctor;
