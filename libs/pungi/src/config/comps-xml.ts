import { renderXmlDocument, xmlElement, xmlText } from './xml-builder.js';

export const ODCS_GROUP_ID = 'odcs-group';
const COMPS_DOCTYPE = '<!DOCTYPE comps PUBLIC "-//Red Hat, Inc.//DTD Comps info//EN" "comps.dtd">';

/**
 * comps.xml (§9.2): one default, user-visible group `odcs-group` requiring every requested package.
 * Module composes get an empty comps file.
 */
export function renderCompsXml(packages: readonly string[], isModuleCompose: boolean): string {
  if (isModuleCompose) return '';
  const group = xmlElement('group', {}, [
    xmlText('id', ODCS_GROUP_ID),
    xmlText('name', ODCS_GROUP_ID),
    xmlText('description', 'ODCS compose default group'),
    xmlText('default', 'true'),
    xmlText('uservisible', 'true'),
    xmlElement(
      'packagelist',
      {},
      packages.map((p) => xmlText('packagereq', p, { type: 'default' })),
    ),
  ]);
  return renderXmlDocument(xmlElement('comps', {}, [group]), COMPS_DOCTYPE);
}
