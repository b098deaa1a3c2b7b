package io.gastown.relay.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Rig.status: the shared fields plus what the host agent reports about the rig in the town. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RigStatus(
    @JsonProperty("observedGeneration") Long observedGeneration,
    @JsonProperty("host") String host,
    @JsonProperty("phase") String phase,
    @JsonProperty("path") String path,
    @JsonProperty("rigName") String rigName,
    @JsonProperty("beadsPrefix") String beadsPrefix,
    @JsonProperty("townStatus") String townStatus,
    @JsonProperty("witness") String witness,
    @JsonProperty("refinery") String refinery,
    @JsonProperty("polecats") Integer polecats,
    @JsonProperty("crew") Integer crew,
    @JsonProperty("activeConvoys") Integer activeConvoys,
    @JsonProperty("conditions") List<Condition> conditions)
    implements GastownStatus<RigStatus> {

  public static RigStatus empty() {
    return new RigStatus(
        null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  @Override
  public RigStatus withCommon(Long observedGeneration, String host, List<Condition> conditions) {
    return new RigStatus(
        observedGeneration,
        host,
        phase,
        path,
        rigName,
        beadsPrefix,
        townStatus,
        witness,
        refinery,
        polecats,
        crew,
        activeConvoys,
        conditions);
  }
}
