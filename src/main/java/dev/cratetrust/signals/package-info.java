/** Pure automatic signals about a crate version: values in, dated facts with evidence out. */
package dev.cratetrust.signals;
