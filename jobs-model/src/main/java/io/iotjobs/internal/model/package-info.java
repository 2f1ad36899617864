/**
 * Internal to the SDK (no compatibility promise): the model's JSON rules, shared by the codec and the job
 * document.
 */
package io.iotjobs.internal.model;
