// Validates DCAT-AP.de JSON-LD files against GovData's SHACL shapes, offline (a test helper, not product code).
//
//   node validate.mjs [--bare] <validators/dcat-ap-de folder> <file.jsonld>...
//
// As GovData does: each JSON-LD file is turned into RDF (jsonld), the vocabularies the shapes rely on (FOAF,
// vCard, the dcat-ap.de licence list) are loaded beside it as data, and the shapes run with rdf-validate-shacl.
// --bare leaves the vocabularies out: the catalogue must then state on its own what the shapes need (foaf:Agent).
// Nothing is fetched: a remote @context or an owl:imports is answered from memory or refused, never downloaded.
// Prints one JSON object: { "<file>": { "conforms": bool, "results": [ {severity, message, focusNode, path, shape} ] } }.
// The controlled-vocabulary shapes (EU authority tables) are not run: they need remote vocabularies that are not here.
import fs from 'node:fs';
import path from 'node:path';
import jsonld from 'jsonld';
import N3 from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import SHACLValidator from 'rdf-validate-shacl';

const SHAPES = ['dcat-ap-SHACL.ttl', 'dcat-ap-SHACL-DE.ttl', 'dcat-ap-spec-german-additions.ttl', 'dcat-ap-de-deprecated.ttl'];
const VOCABULARIES = ['foaf.rdf', 'vcard.ttl', 'licenses-open.rdf'];

function parseTurtle(file) {
  return new N3.Parser({ baseIRI: 'file://' + file }).parse(fs.readFileSync(file, 'utf8'));
}

function parseRdfXml(file) {
  return new Promise((resolve, reject) => {
    const quads = [];
    const parser = new RdfXmlParser({ baseIRI: 'file://' + file });
    parser.on('data', (q) => quads.push(q)).on('error', reject).on('end', () => resolve(quads));
    parser.write(fs.readFileSync(file, 'utf8'));
    parser.end();
  });
}

async function parseFile(file) {
  return file.endsWith('.rdf') ? parseRdfXml(file) : parseTurtle(file);
}

// A document loader that never touches the network: an inline @context needs none, a remote one fails loudly.
const offlineLoader = async (url) => {
  throw new Error(`refusing to fetch ${url}: the JSON-LD must expand offline (inline @context)`);
};

async function jsonLdQuads(file) {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  const nquads = await jsonld.toRDF(doc, { format: 'application/n-quads', documentLoader: offlineLoader, safe: true });
  return new N3.Parser({ format: 'N-Quads' }).parse(nquads);
}

function text(term) {
  return term ? term.value : null;
}

async function main() {
  const args = process.argv.slice(2);
  const bare = args[0] === '--bare';
  const [folder, ...files] = bare ? args.slice(1) : args;
  if (!folder || files.length === 0) {
    console.error('usage: node validate.mjs [--bare] <dcat-ap-de folder> <file.jsonld>...');
    process.exit(2);
  }
  const shapeQuads = [];
  for (const name of SHAPES) shapeQuads.push(...(await parseFile(path.join(folder, name))));
  const vocabularyQuads = [];
  if (!bare) for (const name of VOCABULARIES) vocabularyQuads.push(...(await parseFile(path.join(folder, name))));
  const skippedImports = [];
  const report = {};
  for (const file of files) {
    const store = new N3.Store();
    store.addQuads(vocabularyQuads);
    store.addQuads(await jsonLdQuads(file));
    const validator = new SHACLValidator(shapeQuads, {
      // The imports are the vocabularies above (loaded as data) and remote EU tables; nothing is downloaded.
      importGraph: async (url) => {
        skippedImports.push(url.value);
        return [];
      },
    });
    const result = await validator.validate(store);
    report[file] = {
      conforms: result.conforms,
      results: result.results.map((r) => ({
        severity: text(r.severity)?.replace('http://www.w3.org/ns/shacl#', ''),
        message: r.message.map((m) => m.value).join(' / '),
        focusNode: text(r.focusNode),
        path: text(r.path),
        shape: text(r.sourceShape),
        component: text(r.sourceConstraintComponent)?.replace('http://www.w3.org/ns/shacl#', ''),
      })),
    };
  }
  process.stdout.write(JSON.stringify({ files: report, skippedImports: [...new Set(skippedImports)] }, null, 2) + '\n');
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
