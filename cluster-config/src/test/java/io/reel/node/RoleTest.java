package io.reel.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoleTest {

  @Test
  void theConfiguredNamesBecomeRolesAndPekkosDataCentreRoleIsSkipped() {
    assertEquals(
        EnumSet.of(Role.WRITE, Role.READ, Role.EDGE),
        Role.of(List.of("write", "read", "edge", "dc-eu-west")));
    assertEquals(EnumSet.noneOf(Role.class), Role.of(List.of("dc-default")));
  }

  @Test
  void anUnknownRoleFailsTheStartNamingTheKnownOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Role.of(List.of("write", "wirte")));
    assertTrue(e.getMessage().contains("'wirte'"), e.getMessage());
    assertTrue(e.getMessage().contains("write, projection, read, transcode, edge"), e.getMessage());
  }
}
