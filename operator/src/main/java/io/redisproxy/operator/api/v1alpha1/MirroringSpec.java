package io.redisproxy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** How this resource's proxies mirror, whatever the route. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MirroringSpec {
  @JsonPropertyDescription(
      "This region's name, which the proxies' mirroring connections carry (default: the resource's name).")
  private String region;

  @Min(1)
  @JsonPropertyDescription(
      "Commands each mirror target may hold while it is slow or away (default 1000000); past it new ones are dropped and counted.")
  private Integer bufferCommands;

  @Min(1)
  @JsonPropertyDescription("Bytes of commands each mirror target may hold (default 268435456).")
  private Long bufferBytes;

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public Integer getBufferCommands() {
    return bufferCommands;
  }

  public void setBufferCommands(Integer bufferCommands) {
    this.bufferCommands = bufferCommands;
  }

  public Long getBufferBytes() {
    return bufferBytes;
  }

  public void setBufferBytes(Long bufferBytes) {
    this.bufferBytes = bufferBytes;
  }
}
