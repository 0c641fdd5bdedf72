/**
 * A small client of the vSphere Web Services API (SOAP over HTTPS, namespace {@code urn:vim25}), written
 * with the JDK's {@code java.net.http} and StAX: service content, Login/Logout with the
 * {@code vmware_soap_session} cookie (and one new Login when a session expired), finding a VM
 * ({@link io.pilotlight.vsphere.Inventory}), its disks, change tracking and snapshots
 * ({@link io.pilotlight.vsphere.VirtualMachine}), tasks, {@code QueryChangedDiskAreas}, and ranged reads
 * of datastore files under {@code /folder}. TLS trusts the JDK trust store or one pinned certificate
 * ({@link io.pilotlight.vsphere.PinnedCertificateTrust}); there is no switch to trust anything. Faults
 * become {@link io.pilotlight.vsphere.VsphereFault}s naming method, VM, disk and fault type. A library of
 * its own: it uses nothing else of pilotlight, and knows nothing of sources, repositories or the command
 * line.
 */
package io.pilotlight.vsphere;
