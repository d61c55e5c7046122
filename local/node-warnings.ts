/**
 * The AWS SDK warns on every Node 20 process that its releases from 2027 on need Node 22. The
 * deployed runtime is Node 22; on a Node 20 laptop the warning is noise in every CLI run and every
 * start, so this one warning is dropped and every other warning still prints.
 */
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.message.includes('NodeVersionSupportWarning') || warning.name === 'NodeVersionSupportWarning') return;
  console.warn(`${warning.name}: ${warning.message}`);
});
