'use strict';
/**
 * Checks that native-electron/better_sqlite3.node really is a build for the
 * Electron, platform and CPU being packaged, by reading the file itself rather
 * than trusting a stamp.
 *
 * Why: with npm_config_nodedir set, node-gyp silently builds against Node's
 * headers while the build says "Electron" (/work/shared/TOOLCHAIN.md, "Native
 * module ABI"). Such a file packages fine and then fails to load on the kiosk,
 * which shows the out-of-order page for good. The ABI is visible in the binary:
 * NODE_MODULE_INIT (better-sqlite3's src/better_sqlite3.cpp) exports a symbol
 * named node_register_module_v<NODE_MODULE_VERSION>. Node 20 is v115; the
 * Electron ABI is read from node_modules/electron/abi_version.
 *
 * Used by the electron-builder config (beforePack) and by its unit test.
 */
const fs = require('node:fs');
const path = require('node:path');

/** ELF e_machine values. */
const ELF_MACHINE = { x64: 62, arm64: 183, ia32: 3, armv7l: 40 };
/** PE/COFF Machine values. */
const PE_MACHINE = { x64: 0x8664, arm64: 0xaa64, ia32: 0x14c };

/**
 * @param {Buffer} bytes
 * @returns {{ format: 'elf' | 'pe' | 'unknown', machine?: number, abis: number[] }}
 */
function describeNativeModule(bytes) {
  const abis = [...new Set([...bytes.toString('latin1').matchAll(/node_register_module_v(\d+)/g)].map((m) => Number(m[1])))];
  if (bytes.length >= 20 && bytes.readUInt32BE(0) === 0x7f454c46) {
    // EI_DATA (byte 5): 1 little-endian, 2 big-endian; e_machine at 18.
    const machine = bytes[5] === 2 ? bytes.readUInt16BE(18) : bytes.readUInt16LE(18);
    return { format: 'elf', machine, abis };
  }
  if (bytes.length >= 64 && bytes[0] === 0x4d && bytes[1] === 0x5a) {
    const pe = bytes.readUInt32LE(0x3c);
    if (pe + 6 <= bytes.length && bytes.readUInt32BE(pe) === 0x50450000) {
      return { format: 'pe', machine: bytes.readUInt16LE(pe + 4), abis };
    }
  }
  return { format: 'unknown', abis };
}

/**
 * @param {Buffer} bytes the .node file
 * @param {{ platform: string, arch: string, abi: number }} target electron platform name (linux, win32), arch name (x64, arm64...), Electron's NODE_MODULE_VERSION
 * @returns {string[]} problems; empty when the file fits the target
 */
function nativeModuleProblems(bytes, target) {
  const problems = [];
  const found = describeNativeModule(bytes);
  const wantFormat = target.platform === 'win32' ? 'pe' : target.platform === 'linux' ? 'elf' : undefined;
  if (wantFormat === undefined) {
    problems.push(`packaging for ${target.platform} is not supported by this project (Linux and Windows only)`);
  } else if (found.format !== wantFormat) {
    problems.push(`it is not a ${target.platform} binary (found ${found.format === 'unknown' ? 'an unknown format' : found.format.toUpperCase()}): native-electron/ holds the build for the machine that ran npm start; package on the target OS`);
  } else {
    const table = wantFormat === 'pe' ? PE_MACHINE : ELF_MACHINE;
    const wantMachine = table[target.arch];
    if (wantMachine === undefined) problems.push(`unknown CPU architecture ${target.arch}`);
    else if (found.machine !== wantMachine) problems.push(`it is built for another CPU (machine ${found.machine}, ${target.arch} is ${wantMachine})`);
  }
  if (found.abis.length === 0) {
    problems.push('it has no node_register_module_v<ABI> symbol, so it is not a better-sqlite3 build this check understands');
  } else if (!found.abis.includes(target.abi)) {
    problems.push(`it is built for ABI ${found.abis.join(', ')} but Electron needs ${target.abi} (built with Node's headers? never let npm_config_nodedir reach the Electron build)`);
  }
  return problems;
}

/** NODE_MODULE_VERSION of the installed Electron (the electron package ships it as abi_version). */
function electronAbi(projectDir) {
  const text = fs.readFileSync(path.join(projectDir, 'node_modules', 'electron', 'abi_version'), 'utf8').trim();
  const abi = Number(text);
  if (!Number.isInteger(abi) || abi <= 0) throw new Error(`node_modules/electron/abi_version holds ${JSON.stringify(text)}, not an ABI number`);
  return abi;
}

module.exports = { describeNativeModule, nativeModuleProblems, electronAbi, ELF_MACHINE, PE_MACHINE };
