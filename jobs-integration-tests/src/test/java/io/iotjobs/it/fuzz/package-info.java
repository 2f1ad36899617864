/**
 * Fuzz tests (jqwik properties, no broker): random and mutated JSON fed to every decoder of the SDK and to the
 * local service's whole request path. Each property runs {@code iotjobs.fuzz.tries} cases (10,000 by default;
 * {@code -Diotjobs.fuzz.tries=1000000} for a long run).
 */
package io.iotjobs.it.fuzz;
