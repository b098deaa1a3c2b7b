package io.gastown.proto.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The properties of protocol v1 that its promise of compatible minor versions rests on. */
class ProtocolConventionsTest {
  private static final List<FileDescriptor> FILES =
      List.of(RelayProto.getDescriptor(), ResourcesProto.getDescriptor());

  @Test
  void everyEnumStartsWithAnUnspecifiedZeroValue() {
    for (EnumDescriptor e : allEnums()) {
      String zero = e.findValueByNumber(0).getName();
      assertTrue(zero.endsWith("_UNSPECIFIED"), e.getFullName() + " zero value is " + zero);
    }
  }

  @Test
  void everyMessageLivesInTheVersionedPackage() {
    for (FileDescriptor f : FILES) {
      assertEquals("gastown.relay.v1", f.getPackage());
      assertEquals("io.gastown.proto.v1", f.getOptions().getJavaPackage());
    }
  }

  @Test
  void aMessageFromANewerMinorWithFieldsWeDoNotKnowStillParses() throws IOException {
    Hello known =
        Hello.newBuilder()
            .setProtocol(ProtocolVersion.newBuilder().setMajor(1).setMinor(2))
            .setHostId("laptop")
            .addInventory(InventoryEntry.newBuilder().setUid("u1").setGeneration(3))
            .build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    known.writeTo(out);
    out.writeString(4242, "a field added in v1.2"); // unknown to this version
    out.flush();

    Hello parsed = Hello.parseFrom(bytes.toByteArray());

    assertEquals("laptop", parsed.getHostId());
    assertEquals(3, parsed.getInventory(0).getGeneration());
    assertFalse(parsed.getUnknownFields().asMap().isEmpty(), "unknown field kept, not an error");
  }

  @Test
  void anAgentMessageWithABodyKindWeDoNotKnowParsesAsNoBody() throws IOException {
    // a newer minor may add a oneof case; an older peer sees BODY_NOT_SET and can ignore the
    // message
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeBytes(99, com.google.protobuf.ByteString.EMPTY);
    out.flush();
    AgentMessage parsed = AgentMessage.parseFrom(bytes.toByteArray());
    assertEquals(AgentMessage.BodyCase.BODY_NOT_SET, parsed.getBodyCase());
  }

  private static List<EnumDescriptor> allEnums() {
    List<EnumDescriptor> enums = new ArrayList<>();
    for (FileDescriptor f : FILES) {
      enums.addAll(f.getEnumTypes());
      for (Descriptor d : f.getMessageTypes()) {
        enums.addAll(d.getEnumTypes());
      }
    }
    return enums;
  }
}
