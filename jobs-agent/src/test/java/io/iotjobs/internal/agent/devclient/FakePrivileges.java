package io.iotjobs.internal.agent.devclient;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Privileges for tests: a user, whether it can switch users, and which users exist. */
public record FakePrivileges(String user, int uid, boolean canSwitch, Set<String> users) implements Privileges {

    /** The test process's own user and uid, unable to switch users. */
    public static FakePrivileges unprivileged() {
        Privileges real = Privileges.ofThisProcess();
        return new FakePrivileges(real.user(), real.uid(), false, Set.of(real.user()));
    }

    /** The test process's own user and uid, able to switch to the given users (by a fake prefix). */
    public static FakePrivileges switching(String... users) {
        Privileges real = Privileges.ofThisProcess();
        return new FakePrivileges(real.user(), real.uid(), true, Set.of(users));
    }

    @Override
    public Optional<List<String>> runAs(String name) {
        return canSwitch ? Optional.of(List.of("switch-to", name, "--")) : Optional.empty();
    }

    @Override
    public boolean userExists(String name) {
        return users.contains(name);
    }
}
