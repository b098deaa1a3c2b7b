/**
 * Gas Town as the agent sees it: gt run as argv with a clean environment, parsers that turn every
 * quirk of gt's output into values or a typed error, and observation in a fixed number of gt calls
 * per cycle whatever the number of resources.
 */
package io.gastown.agent.town;
