package io.gastown.relay.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Polecat.status: the shared fields plus the polecat as gt and tmux see it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PolecatStatus(
    @JsonProperty("observedGeneration") Long observedGeneration,
    @JsonProperty("host") String host,
    @JsonProperty("phase") String phase,
    @JsonProperty("polecatName") String polecatName,
    @JsonProperty("session") String session,
    @JsonProperty("sessionRunning") Boolean sessionRunning,
    @JsonProperty("branch") String branch,
    @JsonProperty("clonePath") String clonePath,
    @JsonProperty("lastActivity") String lastActivity,
    @JsonProperty("beadID") String beadID,
    @JsonProperty("rigName") String rigName,
    @JsonProperty("conditions") List<Condition> conditions)
    implements GastownStatus<PolecatStatus> {

  public static PolecatStatus empty() {
    return new PolecatStatus(
        null, null, null, null, null, null, null, null, null, null, null, null);
  }

  @Override
  public PolecatStatus withCommon(
      Long observedGeneration, String host, List<Condition> conditions) {
    return new PolecatStatus(
        observedGeneration,
        host,
        phase,
        polecatName,
        session,
        sessionRunning,
        branch,
        clonePath,
        lastActivity,
        beadID,
        rigName,
        conditions);
  }
}
