/** Instrument simulators: the devices, their in-process ports and their pseudo-terminal serving. */
export { transmissionAt } from './bench-optics.js';
export { DeviceSimulator, type ReceivedCommand, type SimFault, type SimTransport } from './device-simulator.js';
export { ELL14_PULSES_PER_REV, ElliptecSim, type ElliptecSimOptions } from './elliptec-sim.js';
export { ESP300_VERSION, Esp300Sim } from './esp300-sim.js';
export { MAITAI_IDENTITY, MaiTaiSim } from './maitai-sim.js';
export { Newport1830cSim, rangeFullScaleW, type Newport1830cSimOptions } from './newport-1830c-sim.js';
export { createPtyPair, type PtyPair } from './pty-pair.js';
export { serveSimulator, type ServedSimulator } from './serve-simulator.js';
export { SimulatedDevices } from './sim-port.js';
export { createSimulator, isSimulatorType, simulatorTypes, type SimulatorOptions, type SimulatorType } from './simulators.js';
