package io.iotjobs.internal.testkit;

import java.util.Optional;

/**
 * What the control plane would answer to the actions on one job at this moment: for each, the message it would
 * be refused with (the very message the call throws), or empty when it would be done.
 *
 * @param cancel CancelJob without force
 * @param forceCancel CancelJob with force
 * @param delete DeleteJob without force
 * @param forceDelete DeleteJob with force
 */
public record JobRefusals(
        Optional<String> cancel, Optional<String> forceCancel, Optional<String> delete, Optional<String> forceDelete) {}
