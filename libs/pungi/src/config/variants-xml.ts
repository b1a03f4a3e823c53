import { type XmlElement, renderXmlDocument, xmlElement, xmlText } from './xml-builder.js';

export const VARIANT_UID = 'Temporary';
const VARIANTS_DOCTYPE = '<!DOCTYPE variants PUBLIC "-//Red Hat, Inc.//DTD Variants info//EN" "variants2012.dtd">';

export interface VariantContent {
  arches: readonly string[];
  /** Comps groups of the variant (tag composes with requested packages). */
  groups: readonly string[];
  /** Module NSVCs or patterns (`*`) of the variant. */
  modules: readonly string[];
}

/** variants.xml (§9.2): the single `Temporary` variant; groups come before modules. */
export function renderVariantsXml(content: VariantContent): string {
  const children: XmlElement[] = [
    xmlElement(
      'arches',
      {},
      content.arches.map((a) => xmlText('arch', a)),
    ),
  ];
  if (content.groups.length > 0) {
    children.push(
      xmlElement(
        'groups',
        {},
        content.groups.map((g) => xmlText('group', g, { default: 'true' })),
      ),
    );
  }
  if (content.modules.length > 0) {
    children.push(
      xmlElement(
        'modules',
        {},
        content.modules.map((m) => xmlText('module', m)),
      ),
    );
  }
  const variant = xmlElement('variant', { id: VARIANT_UID, name: VARIANT_UID, type: 'variant' }, children);
  return renderXmlDocument(xmlElement('variants', {}, [variant]), VARIANTS_DOCTYPE);
}
