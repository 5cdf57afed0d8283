// Aedes (npm) on one loopback port, for kpc-loadgen's tests (dev.kpcload.testing.Aedes starts it).
// Usage: node broker.mjs AEDES_PREFIX PORT
//   AEDES_PREFIX: the folder that `npm install --prefix AEDES_PREFIX aedes@VERSION` filled
// Aedes's own defaults are kept on purpose (the tests find out how a stock Aedes behaves); only its $SYS
// heartbeat is slowed, which would otherwise publish every minute. Prints one line once it listens; stops
// when its standard input closes, so it never outlives the test JVM that holds that pipe.
import net from 'node:net'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const [prefix, port] = process.argv.slice(2)
// an ES module is not found through NODE_PATH: import the installed package by its file
const { Aedes } = await import(pathToFileURL(join(prefix, 'node_modules', 'aedes', 'aedes.js')).href)
const broker = await Aedes.createBroker({ heartbeatInterval: 3600000 })

const counts = { clients: 0, publishes: 0, clientErrors: 0, connectionErrors: 0 }
broker.on('client', () => { counts.clients++ })
broker.on('publish', (packet, client) => { if (client) counts.publishes++ })
broker.on('clientError', (client, err) => {
  counts.clientErrors++
  console.error(`clientError ${client && client.id}: ${err.message}`)
})
broker.on('connectionError', (client, err) => {
  counts.connectionErrors++
  console.error(`connectionError: ${err.message}`)
})

const server = net.createServer(broker.handle)
server.listen(Number(port), '127.0.0.1', () => {
  console.log(`aedes ${broker.id} listening on 127.0.0.1:${port}`)
})

process.stdin.on('end', () => {
  console.log(`aedes stopping: ${JSON.stringify(counts)}`)
  server.close()
  broker.close(() => process.exit(0))
  setTimeout(() => process.exit(0), 2000).unref()
})
process.stdin.resume()
