package io.gastown.relay.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Convoy.status: the shared fields plus the convoy's progress in the town. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConvoyStatus(
    @JsonProperty("observedGeneration") Long observedGeneration,
    @JsonProperty("host") String host,
    @JsonProperty("convoyID") String convoyID,
    @JsonProperty("phase") String phase,
    @JsonProperty("progress") String progress,
    @JsonProperty("completed") Integer completed,
    @JsonProperty("total") Integer total,
    @JsonProperty("tracked") List<TrackedBead> tracked,
    @JsonProperty("startedAt") String startedAt,
    @JsonProperty("completedAt") String completedAt,
    @JsonProperty("conditions") List<Condition> conditions)
    implements GastownStatus<ConvoyStatus> {

  public static ConvoyStatus empty() {
    return new ConvoyStatus(null, null, null, null, null, null, null, null, null, null, null);
  }

  @Override
  public ConvoyStatus withCommon(Long observedGeneration, String host, List<Condition> conditions) {
    return new ConvoyStatus(
        observedGeneration,
        host,
        convoyID,
        phase,
        progress,
        completed,
        total,
        tracked,
        startedAt,
        completedAt,
        conditions);
  }
}
