/**
 * The vSphere source: a VM ({@code vsphere://USER@HOST/VM}) has several disks and one snapshot for
 * all of them, so it is opened as a session, {@link io.pilotlight.source.vsphere.VsphereVm}, that gives
 * one {@link io.pilotlight.source.vsphere.VsphereDiskSource} per disk, with changed block tracking
 * through the SOAP client {@code io.pilotlight.vsphere}. It is not opened through {@code SourceUri}, but
 * as a machine: {@link io.pilotlight.source.vsphere.VsphereMachine} (a session per run).
 */
package io.pilotlight.source.vsphere;
