/**
 * Change notifications from the town, so that a change gt makes is observed within a fraction of a
 * second instead of at the next periodic cycle: a file watch on the directories real gt and bd
 * write (never the stand-in's {@code .standin/}), and a tmux hook for sessions that start or end.
 * They only ask for an observation; what changed is what the next observation finds.
 */
package io.gastown.agent.town.watch;
