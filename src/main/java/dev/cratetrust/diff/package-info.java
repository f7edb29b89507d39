/** Pure comparison of two crate versions: manifest changes, file changes and signal changes. */
package dev.cratetrust.diff;
