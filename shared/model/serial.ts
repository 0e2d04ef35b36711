/**
 * What the GUI's port picker gets from `ListSerialPorts`: the ports the OS reports (with USB
 * vendor, product and serial number where it knows them), the stable `/dev/serial/by-id/…`
 * names, and the built-in simulators. Pseudo-terminals never appear (the OS does not list them),
 * so the form also takes a typed path.
 */
import { z } from 'zod';

/** One port the OS knows, with what it knows about it. */
export const serialPortInfoSchema = z.object({
  path: z.string(),
  manufacturer: z.string().optional(),
  vendorId: z.string().optional(),
  productId: z.string().optional(),
  serialNumber: z.string().optional(),
  /** For a `/dev/serial/by-id/…` name: the device node it points at now. */
  target: z.string().optional(),
  /** The configured instrument that has this port as its `port`. */
  inUseBy: z.string().optional(),
});
/** One listed port. */
export type SerialPortInfo = z.infer<typeof serialPortInfoSchema>;

/** The answer of `ListSerialPorts`. */
export const serialPortListSchema = z.object({
  ports: z.array(serialPortInfoSchema),
  /** `sim://<type>` ports served in-process by the built-in simulators. */
  simulated: z.array(z.string()),
  /** Why the OS listing is missing or partial (say, no udevadm); the list is still usable. */
  warning: z.string().optional(),
});
/** The answer of `ListSerialPorts`. */
export type SerialPortList = z.infer<typeof serialPortListSchema>;
